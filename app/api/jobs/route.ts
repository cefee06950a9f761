import { jobListSchema, startJobBodySchema } from '@/lib/contracts/jobs';
import { parseBody } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { listJobs, startJob } from '@/server/jobs/runner';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors(async () => Response.json(jobListSchema.parse({ jobs: await listJobs() })));

export const POST = withApiErrors(async (req) => {
  const { params, dryRun } = await parseBody(startJobBodySchema, req);
  // Who started it: the signed-in user once login is configured; without login Wharf is local-only.
  const user = req.headers.get('x-wharf-user') ?? 'local';
  return Response.json(await startJob(params, dryRun, user), { status: 201 });
});
