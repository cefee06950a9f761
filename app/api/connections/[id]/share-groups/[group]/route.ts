import { shareGroupParamsSchema } from '@/lib/contracts/share-groups';
import { parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { getShareGroup } from '@/server/kafka/share-groups';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors<{ id: string; group: string }>(async (_req, ctx) => {
  const { id, group } = await parseParams(shareGroupParamsSchema, ctx.params);
  return Response.json(await getShareGroup(id, group));
});
