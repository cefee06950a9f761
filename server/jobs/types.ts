import 'server-only';
import type { JobParams, JobProgress, JobResult } from '@/lib/contracts/jobs';

export type JobContext<P extends JobParams> = {
  id: string;
  params: P;
  dryRun: boolean;
  /** What the last run saved with `checkpoint`, or null on a first run. */
  resumeFrom: unknown;
  /** Aborted on cancel: stop at the next safe point, leaving nothing half-moved. */
  signal: AbortSignal;
  /** Merges counts into the progress shown live (cheap: persisted at most once a second). */
  progress(update: Partial<JobProgress>): void;
  /** Persists progress and the state to resume from; call it after each acknowledged batch. */
  checkpoint(state: unknown): Promise<void>;
};

export type JobHandler<P extends JobParams> = {
  /** Checks the request (connections, topics, permissions) before a job is created; throws ApiErrors (4xx) to refuse. */
  validate(params: P): Promise<void>;
  run(ctx: JobContext<P>): Promise<JobResult>;
};
