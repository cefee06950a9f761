import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import { createShovelBodySchema } from '@/lib/contracts/rabbitmq-shovels';
import { getConnectorOf } from '@/server/connections/registry';
import { parseBody, parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { previewShovel } from '@/server/rabbitmq/shovels';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withApiErrors<{ id: string }>(async (req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  return Response.json(await previewShovel(getConnectorOf(id, 'rabbitmq'), await parseBody(createShovelBodySchema, req)));
});
