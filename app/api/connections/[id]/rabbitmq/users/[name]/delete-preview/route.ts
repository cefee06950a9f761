import { rabbitUserParamsSchema } from '@/lib/contracts/rabbitmq-access';
import { getConnectorOf } from '@/server/connections/registry';
import { parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { userDeletePreview } from '@/server/rabbitmq/users';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors<{ id: string; name: string }>(async (_req, ctx) => {
  const { id, name } = await parseParams(rabbitUserParamsSchema, ctx.params);
  return Response.json(await userDeletePreview(getConnectorOf(id, 'rabbitmq'), name));
});
