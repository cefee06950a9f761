import { objectParamsSchema } from '@/lib/contracts/rabbitmq';
import { moveBodySchema } from '@/lib/contracts/rabbitmq-messages';
import { getConnectorOf } from '@/server/connections/registry';
import { parseBody } from '@/server/http/parse';
import { sseResponse } from '@/server/http/sse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { assertWritable } from '@/server/rabbitmq/guard';
import { runMove } from '@/server/rabbitmq/move-service';
import { parseObjectParams, type ObjectParams } from '@/server/rabbitmq/route-params';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Server-sent events: `progress` with the counts after each committed batch, then `result` (or `error`). */
export const POST = withApiErrors<ObjectParams>(async (req, ctx) => {
  const { id, vhost, name } = await parseObjectParams(objectParamsSchema, ctx.params);
  const connector = getConnectorOf(id, 'rabbitmq');
  assertWritable(connector);
  const body = await parseBody(moveBodySchema, req);
  return sseResponse(req, async (sink) => {
    const result = await runMove(connector, vhost, name, body, sink.signal, (counts) => sink.send('progress', counts));
    sink.send('result', result);
  });
});
