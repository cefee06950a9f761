import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import { createExchangeBodySchema, exchangeListQuerySchema } from '@/lib/contracts/rabbitmq';
import { getConnectorOf } from '@/server/connections/registry';
import { parseBody, parseParams, parseQuery } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { listExchanges } from '@/server/rabbitmq/browse';
import { createExchange } from '@/server/rabbitmq/manage';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors<{ id: string }>(async (req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  const { vhost } = parseQuery(exchangeListQuerySchema, req);
  return Response.json({ exchanges: await listExchanges(getConnectorOf(id, 'rabbitmq'), vhost) });
});

export const POST = withApiErrors<{ id: string }>(async (req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  const connector = getConnectorOf(id, 'rabbitmq');
  await createExchange(connector, await parseBody(createExchangeBodySchema, req));
  return Response.json({ ok: true }, { status: 201 });
});
