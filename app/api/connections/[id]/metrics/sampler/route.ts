import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import { parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { getSampler } from '@/server/sampler/registry';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The shared sampler's own figures, including the broker requests it makes per tick. */
export const GET = withApiErrors<{ id: string }>(async (_req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  const sampler = await getSampler(id);
  return Response.json(sampler.status());
});
