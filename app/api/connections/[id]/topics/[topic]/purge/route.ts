import { topicParamsSchema } from '@/lib/contracts/kafka';
import { purgeRequestSchema } from '@/lib/contracts/purge';
import { parseBody, parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { purgeTopic } from '@/server/kafka/purge';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Dry run (default) previews per partition what goes and which groups fall behind; apply needs `confirm`. */
export const POST = withApiErrors<{ id: string; topic: string }>(async (req, ctx) => {
  const { id, topic } = await parseParams(topicParamsSchema, ctx.params);
  const body = await parseBody(purgeRequestSchema, req);
  return Response.json(await purgeTopic(id, topic, body));
});
