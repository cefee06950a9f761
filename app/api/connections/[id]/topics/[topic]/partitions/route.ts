import { addPartitionsSchema, topicParamsSchema } from '@/lib/contracts/kafka';
import { addPartitions } from '@/server/kafka/topics';
import { parseBody, parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withApiErrors<{ id: string; topic: string }>(async (req, ctx) => {
  const { id, topic } = await parseParams(topicParamsSchema, ctx.params);
  const { partitions } = await parseBody(addPartitionsSchema, req);
  await addPartitions(id, topic, partitions);
  return Response.json({ ok: true });
});
