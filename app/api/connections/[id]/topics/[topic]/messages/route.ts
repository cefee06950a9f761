import { browseQuerySchema, produceBodySchema } from '@/lib/contracts/kafka-messages';
import { topicParamsSchema } from '@/lib/contracts/kafka';
import { browseMessages } from '@/server/kafka/messages/browse';
import { produceMessage, PRODUCE_MAX_BODY_BYTES } from '@/server/kafka/messages/produce';
import { parseBody, parseParams, parseQuery } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { id: string; topic: string };

export const GET = withApiErrors<Params>(async (req, ctx) => {
  const { id, topic } = await parseParams(topicParamsSchema, ctx.params);
  const query = parseQuery(browseQuerySchema, req);
  return Response.json(await browseMessages(id, topic, query), { headers: { 'cache-control': 'no-store' } });
});

export const POST = withApiErrors<Params>(async (req, ctx) => {
  const { id, topic } = await parseParams(topicParamsSchema, ctx.params);
  const body = await parseBody(produceBodySchema, req, PRODUCE_MAX_BODY_BYTES);
  return Response.json(await produceMessage(id, topic, body), { status: 201 });
});
