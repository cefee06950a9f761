import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import { createTopicSchema, topicListQuerySchema } from '@/lib/contracts/kafka';
import { createTopic, listTopics } from '@/server/kafka/topics';
import { parseBody, parseParams, parseQuery } from '@/server/http/parse';
import { sampledTopicLag } from '@/server/sampler/kafka-groups';
import { withApiErrors } from '@/server/http/with-api-errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors<{ id: string }>(async (req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  return Response.json(await listTopics(id, parseQuery(topicListQuerySchema, req), sampledTopicLag(id)));
});

export const POST = withApiErrors<{ id: string }>(async (req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  const body = await parseBody(createTopicSchema, req);
  await createTopic(id, body);
  return Response.json({ ok: true }, { status: 201 });
});
