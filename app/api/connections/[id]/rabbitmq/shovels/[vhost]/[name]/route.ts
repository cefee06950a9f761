import { deleteShovelQuerySchema, shovelParamsSchema } from '@/lib/contracts/rabbitmq-shovels';
import { getConnectorOf } from '@/server/connections/registry';
import { parseParams, parseQuery } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { deleteShovel, getShovel } from '@/server/rabbitmq/shovels';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { id: string; vhost: string; name: string };

export const GET = withApiErrors<Params>(async (_req, ctx) => {
  const { id, vhost, name } = await parseParams(shovelParamsSchema, ctx.params);
  return Response.json(await getShovel(getConnectorOf(id, 'rabbitmq'), vhost, name));
});

export const DELETE = withApiErrors<Params>(async (req, ctx) => {
  const { id, vhost, name } = await parseParams(shovelParamsSchema, ctx.params);
  const { confirm } = parseQuery(deleteShovelQuerySchema, req);
  await deleteShovel(getConnectorOf(id, 'rabbitmq'), vhost, name, confirm);
  return Response.json({ ok: true });
});
