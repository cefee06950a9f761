import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import { createQueueBodySchema, queueListQuerySchema } from '@/lib/contracts/rabbitmq';
import { getConnectorOf } from '@/server/connections/registry';
import { parseBody, parseParams, parseQuery } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { listQueues } from '@/server/rabbitmq/queue-list';
import { createQueue } from '@/server/rabbitmq/manage';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors<{ id: string }>(async (req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  return Response.json(await listQueues(getConnectorOf(id, 'rabbitmq'), parseQuery(queueListQuerySchema, req)));
});

export const POST = withApiErrors<{ id: string }>(async (req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  const connector = getConnectorOf(id, 'rabbitmq');
  await createQueue(connector, await parseBody(createQueueBodySchema, req));
  return Response.json({ ok: true }, { status: 201 });
});
