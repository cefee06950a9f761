// A Wharf job runner in a process of its own, so that a test can SIGKILL it mid-job and resume the job in another:
//   node --conditions=react-server --import tsx test/jobs/job-worker.ts start '<job params as JSON>'
//   node --conditions=react-server --import tsx test/jobs/job-worker.ts resume <job id>
//   node --conditions=react-server --import tsx test/jobs/job-worker.ts init    (creates the store, then exits)
// The job runs through server/jobs/runner.ts as the API runs it, in the store of WHARF_DATA_DIR (PGlite). Events go
// to stdout as WORKER_PREFIX lines (see job-worker-client.ts); the process exits 0 once the job has ended.
import { jobParamsSchema, type Job } from '@/lib/contracts/jobs';
import { LOCAL_ADMIN } from '@/server/auth/principal';
import { getJob, resumeJob, startJob } from '@/server/jobs/runner';
import { closeStore, getStore } from '@/server/store/store';
import { WORKER_PREFIX, type StoredCheckpoint, type WorkerEvent } from './job-worker-client';

const say = (e: WorkerEvent) => process.stdout.write(`${WORKER_PREFIX}${JSON.stringify(e)}\n`);

/** What the store holds as the job's checkpoint right now: what a process started after a crash would resume from. */
async function storedCheckpoint(id: string): Promise<StoredCheckpoint | null> {
  const { driver } = await getStore();
  const rows = await driver.query<{ checkpoint: unknown }>('SELECT checkpoint FROM jobs WHERE id = $1', [id]);
  const raw = rows[0]?.checkpoint;
  const cp = (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? null)) as StoredCheckpoint | null;
  return cp && { counts: cp.counts, inFlight: cp.inFlight && { count: cp.inFlight.count, ...(cp.inFlight.shares && { shares: cp.inFlight.shares }) } };
}

async function main([command, arg]: string[]): Promise<void> {
  let job: Job;
  if (command === 'init') {
    await getStore();
    await closeStore();
    return;
  }
  if (command === 'start') {
    job = await startJob(jobParamsSchema.parse(JSON.parse(arg)), false, LOCAL_ADMIN);
    say({ type: 'started', job });
  } else if (command === 'resume') {
    // The first store access marks jobs a dead process left "running" as interrupted: report what it found.
    say({ type: 'found', job: await getJob(arg), checkpoint: await storedCheckpoint(arg) });
    job = await resumeJob(arg, LOCAL_ADMIN);
    say({ type: 'resumed', job });
  } else {
    throw new Error(`usage: job-worker.ts init | start <params json> | resume <job id>, not "${command}"`);
  }
  for (;;) {
    const now = await getJob(job.id);
    if (now.status !== 'running') {
      say({ type: 'done', job: now });
      break;
    }
    const cp = await storedCheckpoint(job.id);
    if (cp) say({ type: 'checkpoint', checkpoint: cp });
    await new Promise((r) => setTimeout(r, 50));
  }
  await closeStore();
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
