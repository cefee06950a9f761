import { amqpConnectionParamsSchema, closeConnectionQuerySchema } from '@/lib/contracts/rabbitmq-connections';
import { getConnectorOf } from '@/server/connections/registry';
import { parseParams, parseQuery } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { closeConnection, getConnection } from '@/server/rabbitmq/connections';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { id: string; name: string };

export const GET = withApiErrors<Params>(async (_req, ctx) => {
  const { id, name } = await parseParams(amqpConnectionParamsSchema, ctx.params);
  return Response.json(await getConnection(getConnectorOf(id, 'rabbitmq'), name));
});

export const DELETE = withApiErrors<Params>(async (req, ctx) => {
  const { id, name } = await parseParams(amqpConnectionParamsSchema, ctx.params);
  const { confirm, reason } = parseQuery(closeConnectionQuerySchema, req);
  return Response.json({ ok: true, reason: await closeConnection(getConnectorOf(id, 'rabbitmq'), name, confirm, reason) });
});
