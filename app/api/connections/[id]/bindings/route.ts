import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import { bindingListQuerySchema, createBindingBodySchema, deleteBindingBodySchema } from '@/lib/contracts/rabbitmq';
import { getConnectorOf } from '@/server/connections/registry';
import { parseBody, parseParams, parseQuery } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { listBindings } from '@/server/rabbitmq/browse';
import { createBinding, deleteBinding } from '@/server/rabbitmq/manage';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors<{ id: string }>(async (req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  const { vhost } = parseQuery(bindingListQuerySchema, req);
  return Response.json({ bindings: await listBindings(getConnectorOf(id, 'rabbitmq'), vhost) });
});

export const POST = withApiErrors<{ id: string }>(async (req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  await createBinding(getConnectorOf(id, 'rabbitmq'), await parseBody(createBindingBodySchema, req));
  return Response.json({ ok: true }, { status: 201 });
});

/** The binding to delete travels in the body: its properties key may contain any character. */
export const DELETE = withApiErrors<{ id: string }>(async (req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  await deleteBinding(getConnectorOf(id, 'rabbitmq'), await parseBody(deleteBindingBodySchema, req));
  return Response.json({ ok: true });
});
