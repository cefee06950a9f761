import { confirmNameQuerySchema, vhostParamsSchema } from '@/lib/contracts/rabbitmq';
import { updateVhostBodySchema } from '@/lib/contracts/rabbitmq-access';
import { getConnectorOf } from '@/server/connections/registry';
import { parseBody, parseParams, parseQuery } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { deleteVhost, getVhostAdmin, updateVhost } from '@/server/rabbitmq/vhost-admin';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { id: string; vhost: string };

export const GET = withApiErrors<Params>(async (_req, ctx) => {
  const { id, vhost } = await parseParams(vhostParamsSchema, ctx.params);
  return Response.json(await getVhostAdmin(getConnectorOf(id, 'rabbitmq'), vhost));
});

export const PUT = withApiErrors<Params>(async (req, ctx) => {
  const { id, vhost } = await parseParams(vhostParamsSchema, ctx.params);
  const c = getConnectorOf(id, 'rabbitmq');
  await updateVhost(c, vhost, await parseBody(updateVhostBodySchema, req));
  return Response.json({ ok: true });
});

export const DELETE = withApiErrors<Params>(async (req, ctx) => {
  const { id, vhost } = await parseParams(vhostParamsSchema, ctx.params);
  const { confirm } = parseQuery(confirmNameQuerySchema, req);
  await deleteVhost(getConnectorOf(id, 'rabbitmq'), vhost, confirm);
  return Response.json({ ok: true });
});
