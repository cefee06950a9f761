import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import { forCaller } from '@/server/auth/capabilities';
import { summarize } from '@/server/connections/registry';
import { parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors<{ id: string }>(async (_req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  return Response.json(forCaller(await summarize(id)));
});
