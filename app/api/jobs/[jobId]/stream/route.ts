import { jobIdParamsSchema } from '@/lib/contracts/jobs';
import { currentPrincipal } from '@/server/auth/request-context';
import { jobForCaller, viewJob } from '@/server/jobs/access';
import { parseParams } from '@/server/http/parse';
import { sseResponse } from '@/server/http/sse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { getJob, subscribeJob, type JobEvent } from '@/server/jobs/runner';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Server-sent events: `job` (the state now), then `progress` while it runs, and `done` with the final job; as GET /api/jobs/{jobId} shows it. */
export const GET = withApiErrors<{ jobId: string }>(async (req, ctx) => {
  const { jobId } = await parseParams(jobIdParamsSchema, ctx.params);
  const principal = currentPrincipal();
  const job = viewJob(principal, await getJob(jobId));
  return sseResponse(req, async (sink) => {
    sink.send('job', job);
    await new Promise<void>((resolve) => {
      const unsubscribe = subscribeJob(jobId, (e: JobEvent) => {
        sink.send(e.type, e.type === 'done' ? jobForCaller(principal, e.job) : e.progress);
        if (e.type === 'done') finish();
      });
      function finish() {
        unsubscribe?.();
        resolve();
      }
      if (!unsubscribe) {
        // Not running here (finished already): the state sent above is final.
        sink.send('done', job);
        resolve();
        return;
      }
      sink.signal.addEventListener('abort', finish, { once: true });
    });
  });
});
