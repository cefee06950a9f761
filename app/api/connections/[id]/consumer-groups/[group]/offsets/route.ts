import { groupIdParamsSchema, resetOffsetsRequestSchema } from '@/lib/contracts/groups';
import { parseBody, parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { getGroupOffsets, resetGroupOffsets } from '@/server/kafka/groups-offsets';
import { resample } from '@/server/sampler/kafka-groups';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { id: string; group: string };

export const GET = withApiErrors<Params>(async (_req, ctx) => {
  const { id, group } = await parseParams(groupIdParamsSchema, ctx.params);
  return Response.json(await getGroupOffsets(id, group));
});

export const POST = withApiErrors<Params>(async (req, ctx) => {
  const { id, group } = await parseParams(groupIdParamsSchema, ctx.params);
  const body = await parseBody(resetOffsetsRequestSchema, req);
  const result = await resetGroupOffsets(id, group, body);
  if (result.applied) await resample(id);
  return Response.json(result);
});
