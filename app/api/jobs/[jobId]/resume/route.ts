import { jobIdParamsSchema } from '@/lib/contracts/jobs';
import { parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { resumeJob } from '@/server/jobs/runner';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Continues an interrupted, failed or cancelled job from its last checkpoint. */
export const POST = withApiErrors<{ jobId: string }>(async (_req, ctx) => {
  const { jobId } = await parseParams(jobIdParamsSchema, ctx.params);
  return Response.json(await resumeJob(jobId));
});
