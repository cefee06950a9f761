import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import { createVhostBodySchema } from '@/lib/contracts/rabbitmq-access';
import { getConnectorOf } from '@/server/connections/registry';
import { parseBody, parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { createVhost, listVhostsAdmin } from '@/server/rabbitmq/vhost-admin';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors<{ id: string }>(async (_req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  return Response.json(await listVhostsAdmin(getConnectorOf(id, 'rabbitmq')));
});

export const POST = withApiErrors<{ id: string }>(async (req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  const c = getConnectorOf(id, 'rabbitmq');
  await createVhost(c, await parseBody(createVhostBodySchema, req));
  return Response.json({ ok: true }, { status: 201 });
});
