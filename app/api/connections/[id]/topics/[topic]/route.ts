import { topicParamsSchema } from '@/lib/contracts/kafka';
import { deleteTopic, getTopic } from '@/server/kafka/topics';
import { parseParams } from '@/server/http/parse';
import { sampledTopicLag } from '@/server/sampler/kafka-groups';
import { withApiErrors } from '@/server/http/with-api-errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { id: string; topic: string };

export const GET = withApiErrors<Params>(async (_req, ctx) => {
  const { id, topic } = await parseParams(topicParamsSchema, ctx.params);
  return Response.json(await getTopic(id, topic, sampledTopicLag(id)));
});

export const DELETE = withApiErrors<Params>(async (_req, ctx) => {
  const { id, topic } = await parseParams(topicParamsSchema, ctx.params);
  await deleteTopic(id, topic);
  return Response.json({ ok: true });
});
