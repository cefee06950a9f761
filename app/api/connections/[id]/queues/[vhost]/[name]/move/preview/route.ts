import { objectParamsSchema } from '@/lib/contracts/rabbitmq';
import { movePreviewQuerySchema } from '@/lib/contracts/rabbitmq-messages';
import { getConnectorOf } from '@/server/connections/registry';
import { parseQuery } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { previewMove } from '@/server/rabbitmq/move-plan';
import { parseObjectParams, type ObjectParams } from '@/server/rabbitmq/route-params';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** What a move would do (how many, from where, where the destination's bindings route them), read without touching a message. */
export const GET = withApiErrors<ObjectParams>(async (req, ctx) => {
  const { id, vhost, name } = await parseObjectParams(objectParamsSchema, ctx.params);
  const q = parseQuery(movePreviewQuerySchema, req);
  const target = q.toQueue !== undefined ? { queue: q.toQueue } : { exchange: q.toExchange, routingKey: q.routingKey, keepRoutingKey: q.keepRoutingKey };
  return Response.json(await previewMove(getConnectorOf(id, 'rabbitmq'), vhost, name, target, q.limit, !!q.filter?.trim()));
});
