import { confirmNameQuerySchema } from '@/lib/contracts/rabbitmq';
import { rabbitUserParamsSchema, updateUserBodySchema } from '@/lib/contracts/rabbitmq-access';
import { getConnectorOf } from '@/server/connections/registry';
import { parseBody, parseParams, parseQuery } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { deleteUser, getUser, updateUser } from '@/server/rabbitmq/users';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { id: string; name: string };

export const GET = withApiErrors<Params>(async (_req, ctx) => {
  const { id, name } = await parseParams(rabbitUserParamsSchema, ctx.params);
  return Response.json(await getUser(getConnectorOf(id, 'rabbitmq'), name));
});

export const PUT = withApiErrors<Params>(async (req, ctx) => {
  const { id, name } = await parseParams(rabbitUserParamsSchema, ctx.params);
  const c = getConnectorOf(id, 'rabbitmq');
  await updateUser(c, name, await parseBody(updateUserBodySchema, req));
  return Response.json({ ok: true });
});

export const DELETE = withApiErrors<Params>(async (req, ctx) => {
  const { id, name } = await parseParams(rabbitUserParamsSchema, ctx.params);
  const { confirm } = parseQuery(confirmNameQuerySchema, req);
  await deleteUser(getConnectorOf(id, 'rabbitmq'), name, confirm);
  return Response.json({ ok: true });
});
