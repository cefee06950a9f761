import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import { metricsQuerySchema } from '@/lib/contracts/metrics';
import { parseParams, parseQuery } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { getHistory } from '@/server/sampler/history-query';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors<{ id: string }>(async (req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  const query = parseQuery(metricsQuerySchema, req);
  return Response.json(await getHistory(id, query));
});
