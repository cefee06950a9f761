import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import { consumerListQuerySchema } from '@/lib/contracts/rabbitmq-connections';
import { getConnectorOf } from '@/server/connections/registry';
import { parseParams, parseQuery } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { listConsumers } from '@/server/rabbitmq/consumers';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors<{ id: string }>(async (req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  const { vhost } = parseQuery(consumerListQuerySchema, req);
  return Response.json({ consumers: await listConsumers(getConnectorOf(id, 'rabbitmq'), vhost) });
});
