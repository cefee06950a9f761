import { streamQuerySchema } from '@/lib/contracts/kafka-messages';
import { topicParamsSchema } from '@/lib/contracts/kafka';
import { prepareStream, runStream } from '@/server/kafka/messages/stream';
import { parseParams, parseQuery } from '@/server/http/parse';
import { sseResponse } from '@/server/http/sse';
import { withApiErrors } from '@/server/http/with-api-errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Filtered scan or live tail as server-sent events: `messages`, `progress`, `done`, `error`. */
export const GET = withApiErrors<{ id: string; topic: string }>(async (req, ctx) => {
  const { id, topic } = await parseParams(topicParamsSchema, ctx.params);
  const query = parseQuery(streamQuerySchema, req);
  // A bad filter, topic or partition answers 400/404 here, before the stream starts.
  const prepared = await prepareStream(id, topic, query);
  return sseResponse(req, (sink) => runStream(id, prepared, sink));
});
