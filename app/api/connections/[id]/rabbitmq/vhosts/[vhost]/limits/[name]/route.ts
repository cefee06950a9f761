import { vhostLimitBodySchema, vhostLimitParamsSchema } from '@/lib/contracts/rabbitmq-access';
import { getConnectorOf } from '@/server/connections/registry';
import { parseBody, parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { clearVhostLimit, setVhostLimit } from '@/server/rabbitmq/vhost-admin';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { id: string; vhost: string; name: string };

export const PUT = withApiErrors<Params>(async (req, ctx) => {
  const { id, vhost, name } = await parseParams(vhostLimitParamsSchema, ctx.params);
  const c = getConnectorOf(id, 'rabbitmq');
  const { limit } = await parseBody(vhostLimitBodySchema, req);
  await setVhostLimit(c, vhost, name, limit);
  return Response.json({ ok: true });
});

export const DELETE = withApiErrors<Params>(async (_req, ctx) => {
  const { id, vhost, name } = await parseParams(vhostLimitParamsSchema, ctx.params);
  await clearVhostLimit(getConnectorOf(id, 'rabbitmq'), vhost, name);
  return Response.json({ ok: true });
});
