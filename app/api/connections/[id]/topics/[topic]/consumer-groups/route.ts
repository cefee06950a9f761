import { topicParamsSchema } from '@/lib/contracts/kafka';
import { parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { getTopicConsumerGroups } from '@/server/sampler/kafka-groups';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors<{ id: string; topic: string }>(async (_req, ctx) => {
  const { id, topic } = await parseParams(topicParamsSchema, ctx.params);
  return Response.json(await getTopicConsumerGroups(id, topic));
});
