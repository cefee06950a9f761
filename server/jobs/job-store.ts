import 'server-only';
import { randomUUID } from 'node:crypto';
import { jobParamsSchema, jobProgressSchema, jobResultSchema, type Job, type JobParams, type JobProgress, type JobResult, type JobStatus } from '@/lib/contracts/jobs';
import type { SqlDriver } from '../store/driver';

type Row = {
  id: string;
  kind: string;
  params: unknown;
  status: string;
  progress: unknown;
  checkpoint: unknown;
  result: unknown;
  error: string | null;
  created_by: string;
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
};

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const json = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);

function toJob(r: Row): Job & { checkpoint: unknown } {
  const params = json(r.params) as { dryRun?: boolean; params: unknown };
  return {
    id: r.id,
    kind: r.kind,
    params: jobParamsSchema.parse(params.params),
    dryRun: params.dryRun === true,
    status: r.status as JobStatus,
    progress: jobProgressSchema.parse(json(r.progress)),
    result: r.result === null ? null : jobResultSchema.parse(json(r.result)),
    error: r.error,
    createdBy: r.created_by,
    createdAt: iso(r.created_at)!,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    checkpoint: json(r.checkpoint),
  };
}

/** Jobs in the store (PGlite or PostgreSQL): parameters, status, progress and the checkpoint to resume from. */
export class JobStore {
  constructor(private readonly db: SqlDriver) {}

  async create(params: JobParams, dryRun: boolean, createdBy: string, progress: JobProgress): Promise<Job> {
    const id = `job-${randomUUID()}`;
    const rows = await this.db.query<Row>(
      `INSERT INTO jobs (id, kind, params, status, progress, created_by, started_at)
       VALUES ($1, $2, $3, 'running', $4, $5, now()) RETURNING *`,
      [id, params.kind, JSON.stringify({ params, dryRun }), JSON.stringify(progress), createdBy],
    );
    return toJob(rows[0]);
  }

  async get(id: string): Promise<(Job & { checkpoint: unknown }) | null> {
    const rows = await this.db.query<Row>('SELECT * FROM jobs WHERE id = $1', [id]);
    return rows[0] ? toJob(rows[0]) : null;
  }

  async list(limit = 200): Promise<Job[]> {
    const rows = await this.db.query<Row>('SELECT * FROM jobs ORDER BY created_at DESC LIMIT $1', [limit]);
    return rows.map((r) => {
      const { checkpoint: _checkpoint, ...job } = toJob(r);
      return job;
    });
  }

  async saveProgress(id: string, progress: JobProgress, checkpoint?: unknown): Promise<void> {
    if (checkpoint === undefined) {
      await this.db.query('UPDATE jobs SET progress = $2, updated_at = now() WHERE id = $1', [id, JSON.stringify(progress)]);
    } else {
      await this.db.query('UPDATE jobs SET progress = $2, checkpoint = $3, updated_at = now() WHERE id = $1', [id, JSON.stringify(progress), JSON.stringify(checkpoint)]);
    }
  }

  async markRunning(id: string): Promise<void> {
    await this.db.query(`UPDATE jobs SET status = 'running', error = NULL, finished_at = NULL, updated_at = now() WHERE id = $1`, [id]);
  }

  async finish(id: string, status: Exclude<JobStatus, 'running'>, progress: JobProgress, result: JobResult | null, error: string | null): Promise<void> {
    await this.db.query(
      `UPDATE jobs SET status = $2, progress = $3, result = $4, error = $5, finished_at = now(), updated_at = now() WHERE id = $1`,
      [id, status, JSON.stringify(progress), result === null ? null : JSON.stringify(result), error],
    );
  }

  /** Jobs a previous Wharf process left running can no longer be: they become resumable. */
  async interruptOrphans(): Promise<number> {
    const rows = await this.db.query<{ id: string }>(
      `UPDATE jobs SET status = 'interrupted', error = 'Wharf stopped while this job ran; resume it to continue from its checkpoint', updated_at = now()
        WHERE status = 'running' RETURNING id`,
    );
    return rows.length;
  }
}
