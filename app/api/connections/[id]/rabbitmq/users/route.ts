import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import { createUserBodySchema } from '@/lib/contracts/rabbitmq-access';
import { getConnectorOf } from '@/server/connections/registry';
import { parseBody, parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { createUser, listUsers } from '@/server/rabbitmq/users';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors<{ id: string }>(async (_req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  return Response.json(await listUsers(getConnectorOf(id, 'rabbitmq')));
});

export const POST = withApiErrors<{ id: string }>(async (req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  const c = getConnectorOf(id, 'rabbitmq');
  await createUser(c, await parseBody(createUserBodySchema, req));
  return Response.json({ ok: true }, { status: 201 });
});
