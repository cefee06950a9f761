import { topicParamsSchema } from '@/lib/contracts/kafka';
import { schemaCheckQuerySchema } from '@/lib/contracts/kafka-messages';
import { parseParams, parseQuery } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { assertKafkaConnection, checkTopicValue } from '@/server/messages/schemas/topic-schemas';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { id: string; topic: string };

/** Checks a key or value against the topic's schema without producing it (the produce form, as it is typed). */
export const GET = withApiErrors<Params>(async (req, ctx) => {
  const { id, topic } = await parseParams(topicParamsSchema, ctx.params);
  assertKafkaConnection(id);
  const q = parseQuery(schemaCheckQuerySchema, req);
  return Response.json(checkTopicValue(id, topic, q.side, q.data));
});
