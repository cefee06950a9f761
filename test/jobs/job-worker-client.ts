import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Job } from '@/lib/contracts/jobs';
import { repoRoot } from '@/test/support/cli';

export const WORKER_PREFIX = '@job-worker ';

/** A job's checkpoint as saved in the store: its counts, and the batch sent but not yet known to be acknowledged. */
export type StoredCheckpoint = {
  counts: { read: number; matched: number; written: number };
  /** `shares` (Kafka targets): per target partition, its end offset before the batch and how many of it were sent. */
  inFlight: { count: number; shares?: { partition: number; before: number; skip: number; count: number }[] } | null;
};

export type WorkerEvent =
  | { type: 'started'; job: Job }
  | { type: 'resumed'; job: Job }
  | { type: 'done'; job: Job }
  /** Before resuming: the job as the new process finds it, and the checkpoint it will resume from. */
  | { type: 'found'; job: Job; checkpoint: StoredCheckpoint | null }
  | { type: 'checkpoint'; checkpoint: StoredCheckpoint };

/** A type guard for `next`: the first event of this type. */
export const event =
  <T extends WorkerEvent['type']>(type: T) =>
  (e: WorkerEvent): e is Extract<WorkerEvent, { type: T }> =>
    e.type === type;

/** An event as the test received it: `at` is when (Date.now()). */
export type Received = WorkerEvent & { at: number };

export type Worker = {
  child: ChildProcess;
  events: Received[];
  /** Resolves with the first event `accept` takes, rejects when the process ends first. */
  next<E extends WorkerEvent>(accept: (e: WorkerEvent) => e is E): Promise<E>;
  /** Resolves once the process has ended, with its exit code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
};

const alive = new Set<ChildProcess>();

/** SIGKILLs every worker still running (a failed or timed-out test must not leave job runners behind). */
export function killWorkers(): void {
  alive.forEach((c) => c.kill('SIGKILL'));
}

/** Runs test/jobs/job-worker.ts in a child process of its own: a Wharf job runner with the store of `dataDir`. */
export function spawnWorker(dataDir: string, args: string[], env: Record<string, string> = {}): Worker {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', path.join(repoRoot, 'test/jobs/job-worker.ts'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env, WHARF_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  alive.add(child);
  const events: Received[] = [];
  const waiting = new Set<(e: WorkerEvent | null) => void>();
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!line.startsWith(WORKER_PREFIX)) return;
    const e = { ...(JSON.parse(line.slice(WORKER_PREFIX.length)) as WorkerEvent), at: Date.now() };
    events.push(e);
    waiting.forEach((w) => w(e));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      alive.delete(child);
      waiting.forEach((w) => w(null));
      resolve({ code, signal });
    });
  });
  return {
    child,
    events,
    exited,
    stderr: () => err,
    next<E extends WorkerEvent>(accept: (e: WorkerEvent) => e is E) {
      const seen = events.find((e) => accept(e)) as E | undefined;
      if (seen) return Promise.resolve(seen);
      return new Promise<E>((resolve, reject) => {
        const w = (e: WorkerEvent | null) => {
          if (e === null) {
            waiting.delete(w);
            reject(new Error(`the job worker ended before the awaited event; stderr: ${err.slice(-2000)}`));
          } else if (accept(e)) {
            waiting.delete(w);
            resolve(e);
          }
        };
        waiting.add(w);
      });
    },
  };
}
