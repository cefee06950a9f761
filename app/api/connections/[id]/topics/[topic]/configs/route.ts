import { alterTopicConfigsSchema, topicParamsSchema } from '@/lib/contracts/kafka';
import { alterTopicConfigs, getTopicConfigs } from '@/server/kafka/topic-configs';
import { parseBody, parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { id: string; topic: string };

export const GET = withApiErrors<Params>(async (_req, ctx) => {
  const { id, topic } = await parseParams(topicParamsSchema, ctx.params);
  return Response.json(await getTopicConfigs(id, topic));
});

export const PATCH = withApiErrors<Params>(async (req, ctx) => {
  const { id, topic } = await parseParams(topicParamsSchema, ctx.params);
  const body = await parseBody(alterTopicConfigsSchema, req);
  return Response.json(await alterTopicConfigs(id, topic, body));
});
