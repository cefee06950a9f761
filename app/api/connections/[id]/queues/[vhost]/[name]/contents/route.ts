import { confirmNameQuerySchema, objectParamsSchema } from '@/lib/contracts/rabbitmq';
import { getConnectorOf } from '@/server/connections/registry';
import { parseQuery } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { purgeQueue } from '@/server/rabbitmq/manage';
import { parseObjectParams, type ObjectParams } from '@/server/rabbitmq/route-params';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const DELETE = withApiErrors<ObjectParams>(async (req, ctx) => {
  const { id, vhost, name } = await parseObjectParams(objectParamsSchema, ctx.params);
  const connector = getConnectorOf(id, 'rabbitmq');
  const { confirm } = parseQuery(confirmNameQuerySchema, req);
  return Response.json({ purged: await purgeQueue(connector, vhost, name, confirm) });
});
