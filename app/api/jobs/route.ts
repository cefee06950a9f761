import { jobListSchema, startJobBodySchema } from '@/lib/contracts/jobs';
import { currentPrincipal } from '@/server/auth/request-context';
import { parseBody } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { listJobs, startJob } from '@/server/jobs/runner';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors(async () => Response.json(jobListSchema.parse({ jobs: await listJobs() })));

/** The signed-in user starts it (without login, the implicit "local" admin), with operator on both connections. */
export const POST = withApiErrors(async (req) => {
  const { params, dryRun } = await parseBody(startJobBodySchema, req);
  return Response.json(await startJob(params, dryRun, currentPrincipal()), { status: 201 });
});
