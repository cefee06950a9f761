import { jobIdParamsSchema } from '@/lib/contracts/jobs';
import { currentPrincipal } from '@/server/auth/request-context';
import { parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { viewJob } from '@/server/jobs/access';
import { cancelJob, getJob } from '@/server/jobs/runner';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Needs viewer on the job's connections; below reader, without its CEL filter. */
export const GET = withApiErrors<{ jobId: string }>(async (_req, ctx) => {
  const { jobId } = await parseParams(jobIdParamsSchema, ctx.params);
  return Response.json(viewJob(currentPrincipal(), await getJob(jobId)));
});

/** Cancels a running job: it stops at the next batch boundary, with nothing half-moved. Needs operator on its connections. */
export const DELETE = withApiErrors<{ jobId: string }>(async (_req, ctx) => {
  const { jobId } = await parseParams(jobIdParamsSchema, ctx.params);
  return Response.json(await cancelJob(jobId, currentPrincipal()));
});
