import { jobIdParamsSchema } from '@/lib/contracts/jobs';
import { currentPrincipal } from '@/server/auth/request-context';
import { parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { resumeJob } from '@/server/jobs/runner';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Continues an interrupted, failed or cancelled job from its last checkpoint. Needs operator on its connections. */
export const POST = withApiErrors<{ jobId: string }>(async (_req, ctx) => {
  const { jobId } = await parseParams(jobIdParamsSchema, ctx.params);
  return Response.json(await resumeJob(jobId, currentPrincipal()));
});
