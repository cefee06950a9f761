import { groupIdParamsSchema } from '@/lib/contracts/groups';
import { parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { getGroup } from '@/server/kafka/groups';
import { deleteGroup } from '@/server/kafka/groups-offsets';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { id: string; group: string };

export const GET = withApiErrors<Params>(async (_req, ctx) => {
  const { id, group } = await parseParams(groupIdParamsSchema, ctx.params);
  return Response.json(await getGroup(id, group));
});

export const DELETE = withApiErrors<Params>(async (_req, ctx) => {
  const { id, group } = await parseParams(groupIdParamsSchema, ctx.params);
  return Response.json(await deleteGroup(id, group));
});
