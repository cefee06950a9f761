import { objectParamsSchema } from '@/lib/contracts/rabbitmq';
import { inspectBodySchema } from '@/lib/contracts/rabbitmq-messages';
import { getConnectorOf } from '@/server/connections/registry';
import { parseBody } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { inspectQueue } from '@/server/rabbitmq/inspect';
import { parseObjectParams, type ObjectParams } from '@/server/rabbitmq/route-params';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * POST, not GET: reading a classic or quorum queue takes the messages and puts them back (redelivered flag set).
 * Read-only connections may still read classic queues, streams and quorum queues whose requeues do not count toward
 * a delivery limit; a read that could use up deliveries is refused there (403), and elsewhere unless confirmed (409).
 */
export const POST = withApiErrors<ObjectParams>(async (req, ctx) => {
  const { id, vhost, name } = await parseObjectParams(objectParamsSchema, ctx.params);
  const connector = getConnectorOf(id, 'rabbitmq');
  return Response.json(await inspectQueue(connector, vhost, name, await parseBody(inspectBodySchema, req)));
});
