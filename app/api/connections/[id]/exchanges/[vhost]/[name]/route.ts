import { confirmNameQuerySchema, objectParamsSchema } from '@/lib/contracts/rabbitmq';
import { getConnectorOf } from '@/server/connections/registry';
import { parseQuery } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { amqpExchangeName, getExchange } from '@/server/rabbitmq/browse';
import { deleteExchange } from '@/server/rabbitmq/manage';
import { parseObjectParams, type ObjectParams } from '@/server/rabbitmq/route-params';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors<ObjectParams>(async (_req, ctx) => {
  const { id, vhost, name } = await parseObjectParams(objectParamsSchema, ctx.params);
  return Response.json(await getExchange(getConnectorOf(id, 'rabbitmq'), vhost, amqpExchangeName(name)));
});

export const DELETE = withApiErrors<ObjectParams>(async (req, ctx) => {
  const { id, vhost, name } = await parseObjectParams(objectParamsSchema, ctx.params);
  const { confirm } = parseQuery(confirmNameQuerySchema, req);
  await deleteExchange(getConnectorOf(id, 'rabbitmq'), vhost, name, confirm);
  return Response.json({ ok: true });
});
