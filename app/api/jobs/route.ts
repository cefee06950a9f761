import { jobListSchema, startJobBodySchema } from '@/lib/contracts/jobs';
import { currentPrincipal } from '@/server/auth/request-context';
import { parseBody } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { visibleJobs } from '@/server/jobs/access';
import { listJobs, startJob } from '@/server/jobs/runner';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The jobs on connections where the caller holds at least viewer; below reader, without their CEL filters. */
export const GET = withApiErrors(async () => Response.json(jobListSchema.parse({ jobs: visibleJobs(currentPrincipal(), await listJobs()) })));

/** The signed-in user starts it (without login, the implicit "local" admin), with operator on both connections. */
export const POST = withApiErrors(async (req) => {
  const { params, dryRun } = await parseBody(startJobBodySchema, req);
  return Response.json(await startJob(params, dryRun, currentPrincipal()), { status: 201 });
});
