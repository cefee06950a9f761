import { topicParamsSchema } from '@/lib/contracts/kafka';
import { parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { assertKafkaConnection, topicSchemasInfo } from '@/server/messages/schemas/topic-schemas';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { id: string; topic: string };

export const GET = withApiErrors<Params>(async (_req, ctx) => {
  const { id, topic } = await parseParams(topicParamsSchema, ctx.params);
  assertKafkaConnection(id);
  return Response.json(topicSchemasInfo(id, topic), { headers: { 'cache-control': 'no-store' } });
});
