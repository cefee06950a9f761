import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import { parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { listGroups } from '@/server/sampler/kafka-groups';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors<{ id: string }>(async (_req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  return Response.json(await listGroups(id));
});
