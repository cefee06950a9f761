import { jobIdParamsSchema } from '@/lib/contracts/jobs';
import { currentPrincipal } from '@/server/auth/request-context';
import { jobForCaller, viewJob } from '@/server/jobs/access';
import { parseParams } from '@/server/http/parse';
import { sseResponse, type SseSink } from '@/server/http/sse';
import type { Principal } from '@/server/auth/principal';
import { withApiErrors } from '@/server/http/with-api-errors';
import { getJob, subscribeJob, type JobEvent } from '@/server/jobs/runner';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Server-sent events: `job` (the state now), then `progress` while it runs, and `done` with the final job; as GET /api/jobs/{jobId} shows it. */
const FOLLOW_EVERY_MS = 1000;

async function followInStore(jobId: string, principal: Principal, sink: SseSink): Promise<void> {
  while (!sink.signal.aborted) {
    await new Promise((r) => setTimeout(r, FOLLOW_EVERY_MS));
    const now = viewJob(principal, await getJob(jobId));
    if (now.status !== 'running') {
      sink.send('done', now);
      return;
    }
    sink.send('progress', now.progress);
  }
}

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
        if (job.status === 'running') {
          // Running on another replica: follow it through the store.
          void followInStore(jobId, principal, sink).then(resolve, resolve);
          return;
        }
        // Finished already: the state sent above is final.
        sink.send('done', job);
        resolve();
        return;
      }
      sink.signal.addEventListener('abort', finish, { once: true });
    });
  });
});
