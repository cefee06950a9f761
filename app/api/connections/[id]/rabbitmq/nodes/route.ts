import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import { getConnectorOf } from '@/server/connections/registry';
import { parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { getNodesReport } from '@/server/rabbitmq/nodes';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors<{ id: string }>(async (_req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  return Response.json(await getNodesReport(getConnectorOf(id, 'rabbitmq')));
});
