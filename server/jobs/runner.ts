import 'server-only';
import { emptyProgress, type Job, type JobParams, type JobProgress, type JobResult } from '@/lib/contracts/jobs';
import { recordJobEnd } from '../auth/audit';
import type { Principal } from '../auth/principal';
import { ApiError, ConflictError, NotFoundError } from '../http/errors';
import { logger } from '../logger';
import { getStore } from '../store/store';
import { requireJobAccess } from './access';
import { jobHandler } from './handlers';
import { replicaId } from '../cluster/coordinator';
import { JobStore, LeaseLostError } from './job-store';
import type { JobContext } from './types';

/** Progress reaches the store at most this often; listeners get every update. */
const PERSIST_EVERY_MS = 1000;
/**
 * How long a replica's claim on a running job lasts without renewal (PostgreSQL store). Every eighth of it, a
 * replica renews its leases and looks for lapsed ones: a dead replica's job is resumed elsewhere at most 1.125 leases
 * after its last renewal.
 */
export const LEASE_MS = Number(process.env.WHARF_JOB_LEASE_MS) || 10_000;

export type JobEvent = { type: 'progress'; progress: JobProgress } | { type: 'done'; job: Job };

type Running = {
  controller: AbortController;
  progress: JobProgress;
  listeners: Set<(e: JobEvent) => void>;
  persistedAt: number;
  startedAt: number;
  countedFrom: number;
  /** Another replica took the job over: this run stops without recording an end. */
  leaseLost?: boolean;
};

type Runner = { running: Map<string, Running>; store: { of: unknown; jobs: Promise<JobStore>; leases: NodeJS.Timeout | null } | null };
const RUNNER_KEY = Symbol.for('wharf.jobs');
type GlobalWithRunner = typeof globalThis & { [RUNNER_KEY]?: Runner };

function runner(): Runner {
  const g = globalThis as GlobalWithRunner;
  g[RUNNER_KEY] ??= { running: new Map(), store: null };
  return g[RUNNER_KEY];
}

/**
 * The job store on the current store (tests point the process at another one; a closed store is not reused).
 * Embedded store: one process, so jobs it finds running were left by a previous one and become resumable.
 * PostgreSQL: other replicas may be running them; leases say which, and lapsed ones are taken over.
 */
async function jobStore(): Promise<JobStore> {
  const s = await getStore();
  const r = runner();
  if (r.store?.of !== s) {
    if (r.store?.leases) clearInterval(r.store.leases);
    const js = new JobStore(s.driver, replicaId, LEASE_MS);
    const entry: NonNullable<Runner['store']> = { of: s, jobs: Promise.resolve(js), leases: null };
    if (s.driver.kind === 'pglite') {
      entry.jobs = js.interruptOrphans().then((orphans) => {
        if (orphans) logger.warn({ orphans }, 'jobs left running by a previous process are now interrupted');
        return js;
      });
    } else {
      entry.leases = setInterval(() => void tendLeases(js), LEASE_MS / 8);
      entry.leases.unref();
      void tendLeases(js);
    }
    r.store = entry;
    entry.jobs.catch(() => {
      if (r.store === entry) r.store = null;
    });
  }
  return r.store.jobs;
}

/** Opens the job store at boot: orphans are marked (embedded store) or lapsed jobs taken over (PostgreSQL). */
export function startJobsOnBoot(): void {
  jobStore().catch((err: unknown) => logger.warn({ err: err instanceof Error ? err.message : err }, 'the job store did not open at boot; it opens on first use'));
}

let tending = false;

/** Renews this replica's leases, stops what it lost or was asked to cancel, and resumes jobs whose replica died. */
async function tendLeases(store: JobStore): Promise<void> {
  if (tending) return;
  tending = true;
  try {
    const running = runner().running;
    const { lost, cancel } = await store.renew([...running.keys()]);
    for (const id of lost) {
      logger.warn({ job: id }, 'lost the lease of a job (this replica stalled); stopping it here');
      const r = running.get(id);
      if (r) {
        r.leaseLost = true;
        r.controller.abort();
      }
    }
    for (const id of cancel) running.get(id)?.controller.abort();
    for (let i = 0; i < 4; i++) {
      const job = await store.claimLapsed();
      if (!job) break;
      logger.warn({ job: job.id, from: job.previousOwner }, 'took over a job whose replica stopped renewing its lease; resuming from its checkpoint');
      const { checkpoint, previousOwner: _previous, ...taken } = job;
      launch(store, taken, checkpoint);
    }
  } catch (err) {
    logger.warn({ err: err instanceof Error ? err.message : err }, 'tending job leases failed');
  } finally {
    tending = false;
  }
}

function withRate(r: Running): JobProgress {
  const seconds = (Date.now() - r.startedAt) / 1000;
  const done = r.progress.read - r.countedFrom;
  const rate = seconds >= 1 ? done / seconds : null;
  const left = r.progress.total === null ? null : Math.max(0, r.progress.total - r.progress.read);
  return { ...r.progress, ratePerSecond: rate === null ? null : Math.round(rate), etaSeconds: rate && left !== null ? Math.round(left / rate) : null };
}

function launch(store: JobStore, job: Job, resumeFrom: unknown): void {
  const handler = jobHandler(job.params.kind);
  const r: Running = {
    controller: new AbortController(),
    progress: job.progress,
    listeners: new Set(),
    persistedAt: 0,
    startedAt: Date.now(),
    countedFrom: job.progress.read,
  };
  runner().running.set(job.id, r);
  const emit = (e: JobEvent) => r.listeners.forEach((l) => l(e));
  const ctx: JobContext<JobParams> = {
    id: job.id,
    params: job.params,
    dryRun: job.dryRun,
    resumeFrom,
    signal: r.controller.signal,
    progress(update) {
      r.progress = { ...r.progress, ...update };
      const progress = withRate(r);
      emit({ type: 'progress', progress });
      if (Date.now() - r.persistedAt > PERSIST_EVERY_MS) {
        r.persistedAt = Date.now();
        void store.saveProgress(job.id, progress).catch((err: unknown) => {
          if (err instanceof LeaseLostError) {
            r.leaseLost = true;
            r.controller.abort();
          } else logger.warn({ err, job: job.id }, 'saving job progress failed');
        });
      }
    },
    async checkpoint(state) {
      r.persistedAt = Date.now();
      try {
        await store.saveProgress(job.id, withRate(r), state);
      } catch (e) {
        // Fenced: a replica that stalled past its lease must not record progress the new owner did not make.
        if (e instanceof LeaseLostError) r.leaseLost = true;
        throw e;
      }
    },
  };
  void (async () => {
    let result: JobResult | null = null;
    let error: string | null = null;
    let httpStatus = 200;
    try {
      result = await (handler.run as (c: JobContext<JobParams>) => Promise<JobResult>)(ctx);
    } catch (e) {
      error = e instanceof ApiError ? e.message : e instanceof Error ? e.message : String(e);
      httpStatus = e instanceof ApiError ? e.status : 500;
      if (!(e instanceof ApiError)) logger.error({ err: e, job: job.id }, 'job failed');
    }
    const status = r.controller.signal.aborted ? 'cancelled' : error ? 'failed' : 'succeeded';
    const progress = { ...withRate(r), phase: status };
    let ours = !r.leaseLost;
    try {
      if (ours) ours = await store.finish(job.id, status, progress, result, error);
    } catch (err) {
      logger.error({ err, job: job.id }, 'recording the end of a job failed');
    }
    if (!ours) {
      // The replica that took it over carries on from the last checkpoint and records the end.
      runner().running.delete(job.id);
      const now = await store.get(job.id).catch(() => null);
      if (now) emit({ type: 'done', job: stripCheckpoint(now) });
      return;
    }
    const { read, matched, written, confirmed, skipped } = progress;
    await recordJobEnd({ id: job.id, kind: job.params.kind, createdBy: job.createdBy, connection: job.params.source.connection, status, httpStatus: status === 'failed' ? httpStatus : 200, counts: { read, matched, written, confirmed, skipped } });
    runner().running.delete(job.id);
    const done = await store.get(job.id).catch(() => null);
    if (done) emit({ type: 'done', job: stripCheckpoint(done) });
  })();
}

function stripCheckpoint(job: Job & { checkpoint?: unknown }): Job {
  const { checkpoint: _checkpoint, ...rest } = job;
  return rest;
}

/** Starts a job for `by`, who needs operator on its connections; the job records them as its creator. */
export async function startJob(params: JobParams, dryRun: boolean, by: Principal): Promise<Job> {
  requireJobAccess(by, params, 'starting');
  await jobHandler(params.kind).validate(params as never);
  const store = await jobStore();
  const job = await store.create(params, dryRun, by.username, emptyProgress());
  launch(store, job, null);
  return job;
}

export async function getJob(id: string): Promise<Job> {
  const store = await jobStore();
  const job = await store.get(id);
  if (!job) throw new NotFoundError(`No job with id "${id}"`);
  const live = runner().running.get(id);
  return { ...stripCheckpoint(job), progress: live ? withRate(live) : job.progress };
}

export async function listJobs(): Promise<Job[]> {
  const jobs = await (await jobStore()).list();
  return jobs.map((j) => {
    const live = runner().running.get(j.id);
    return live ? { ...j, progress: withRate(live) } : j;
  });
}

export async function cancelJob(id: string, by: Principal): Promise<Job> {
  const job = await getJob(id);
  requireJobAccess(by, job.params, 'cancelling');
  const live = runner().running.get(id);
  if (live) live.controller.abort();
  // Running on another replica: it sees the request when it next renews its lease.
  else if (job.status !== 'running' || !(await (await jobStore()).requestCancel(id))) throw new ConflictError(`Job "${id}" is not running (it is ${job.status})`);
  return { ...job, progress: { ...job.progress, phase: 'cancelling' } };
}

/** Runs an interrupted, failed or cancelled job again from its last checkpoint. */
export async function resumeJob(id: string, by: Principal): Promise<Job> {
  const store = await jobStore();
  const job = await store.get(id);
  if (!job) throw new NotFoundError(`No job with id "${id}"`);
  requireJobAccess(by, job.params, 'resuming');
  if (runner().running.has(id) || job.status === 'running') throw new ConflictError(`Job "${id}" is already running`);
  if (job.status === 'succeeded') throw new ConflictError(`Job "${id}" already succeeded`);
  await jobHandler(job.params.kind).validate(job.params as never);
  await store.markRunning(id);
  const resumed = { ...stripCheckpoint(job), status: 'running' as const, error: null };
  launch(store, resumed, job.checkpoint);
  return resumed;
}

/** Live events of a running job; returns an unsubscribe function, or null when it is not running here. */
export function subscribeJob(id: string, listener: (e: JobEvent) => void): (() => void) | null {
  const live = runner().running.get(id);
  if (!live) return null;
  live.listeners.add(listener);
  return () => live.listeners.delete(listener);
}

/** Cancels every running job and waits briefly (tests, shutdown). */
export function runningJobIds(): string[] {
  return [...runner().running.keys()];
}
