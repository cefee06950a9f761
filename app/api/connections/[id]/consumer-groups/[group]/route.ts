import { groupIdParamsSchema } from '@/lib/contracts/groups';
import { parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { deleteGroup } from '@/server/kafka/groups-offsets';
import { getGroup, resample } from '@/server/sampler/kafka-groups';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { id: string; group: string };

export const GET = withApiErrors<Params>(async (_req, ctx) => {
  const { id, group } = await parseParams(groupIdParamsSchema, ctx.params);
  return Response.json(await getGroup(id, group));
});

export const DELETE = withApiErrors<Params>(async (_req, ctx) => {
  const { id, group } = await parseParams(groupIdParamsSchema, ctx.params);
  const result = await deleteGroup(id, group);
  await resample(id);
  return Response.json(result);
});
