import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import { shovelListQuerySchema } from '@/lib/contracts/rabbitmq-shovels';
import { getConnectorOf } from '@/server/connections/registry';
import { parseParams, parseQuery } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { listFederation } from '@/server/rabbitmq/federation';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors<{ id: string }>(async (req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  const { vhost } = parseQuery(shovelListQuerySchema, req);
  return Response.json(await listFederation(getConnectorOf(id, 'rabbitmq'), vhost));
});
