import { confirmNameQuerySchema } from '@/lib/contracts/rabbitmq';
import { permissionBodySchema, userVhostParamsSchema } from '@/lib/contracts/rabbitmq-access';
import { getConnectorOf } from '@/server/connections/registry';
import { parseBody, parseParams, parseQuery } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { clearPermission, setPermission } from '@/server/rabbitmq/users';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { id: string; name: string; vhost: string };

export const PUT = withApiErrors<Params>(async (req, ctx) => {
  const { id, name, vhost } = await parseParams(userVhostParamsSchema, ctx.params);
  const c = getConnectorOf(id, 'rabbitmq');
  await setPermission(c, name, vhost, await parseBody(permissionBodySchema, req));
  return Response.json({ ok: true });
});

export const DELETE = withApiErrors<Params>(async (req, ctx) => {
  const { id, name, vhost } = await parseParams(userVhostParamsSchema, ctx.params);
  const { confirm } = parseQuery(confirmNameQuerySchema, req);
  await clearPermission(getConnectorOf(id, 'rabbitmq'), name, vhost, confirm);
  return Response.json({ ok: true });
});
