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

/** The job's lease passed to another replica: this one must stop writing for it. */
export class LeaseLostError extends Error {
  constructor(id: string) {
    super(`Job "${id}" is now run by another replica`);
  }
}

/**
 * Jobs in the store (PGlite or PostgreSQL): parameters, status, progress and the checkpoint to resume from.
 * A running job belongs to the replica named in `owner` until `lease_until` (the database's clock, so replicas'
 * clocks never matter); its progress and checkpoints are written only while it still does (fencing).
 */
export class JobStore {
  constructor(
    private readonly db: SqlDriver,
    /** This replica, and how long a lease it takes. */
    private readonly owner: string,
    private readonly leaseMs: number,
  ) {}

  async create(params: JobParams, dryRun: boolean, createdBy: string, progress: JobProgress): Promise<Job> {
    const id = `job-${randomUUID()}`;
    const rows = await this.db.query<Row>(
      `INSERT INTO jobs (id, kind, params, status, progress, created_by, started_at, owner, lease_until)
       VALUES ($1, $2, $3, 'running', $4, $5, now(), $6, now() + $7 * interval '1 millisecond') RETURNING *`,
      [id, params.kind, JSON.stringify({ params, dryRun }), JSON.stringify(progress), createdBy, this.owner, this.leaseMs],
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

  /** Throws LeaseLostError when another replica has taken the job over. */
  async saveProgress(id: string, progress: JobProgress, checkpoint?: unknown): Promise<void> {
    const rows =
      checkpoint === undefined
        ? await this.db.query('UPDATE jobs SET progress = $2, updated_at = now() WHERE id = $1 AND owner IS NOT DISTINCT FROM $3 RETURNING id', [id, JSON.stringify(progress), this.owner])
        : await this.db.query('UPDATE jobs SET progress = $2, checkpoint = $3, updated_at = now() WHERE id = $1 AND owner IS NOT DISTINCT FROM $4 RETURNING id', [
            id,
            JSON.stringify(progress),
            JSON.stringify(checkpoint),
            this.owner,
          ]);
    if (!rows.length) throw new LeaseLostError(id);
  }

  async markRunning(id: string): Promise<void> {
    await this.db.query(
      `UPDATE jobs SET status = 'running', error = NULL, finished_at = NULL, cancel_requested = false, owner = $2,
              lease_until = now() + $3 * interval '1 millisecond', updated_at = now() WHERE id = $1`,
      [id, this.owner, this.leaseMs],
    );
  }

  /** Records the end; false when the job is no longer this replica's (the one that took it over ends it). */
  async finish(id: string, status: Exclude<JobStatus, 'running'>, progress: JobProgress, result: JobResult | null, error: string | null): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE jobs SET status = $2, progress = $3, result = $4, error = $5, finished_at = now(), updated_at = now(), lease_until = NULL
        WHERE id = $1 AND owner IS NOT DISTINCT FROM $6 RETURNING id`,
      [id, status, JSON.stringify(progress), result === null ? null : JSON.stringify(result), error, this.owner],
    );
    return rows.length > 0;
  }

  /**
   * Renews the leases of the jobs this replica runs. Returns those it no longer holds (taken over while this one
   * stalled) and those someone asked, on any replica, to cancel.
   */
  async renew(ids: string[]): Promise<{ lost: string[]; cancel: string[] }> {
    if (!ids.length) return { lost: [], cancel: [] };
    const rows = await this.db.query<{ id: string; cancel_requested: boolean }>(
      `UPDATE jobs SET lease_until = now() + $2 * interval '1 millisecond'
        WHERE owner = $1 AND status = 'running' AND id = ANY($3::text[]) RETURNING id, cancel_requested`,
      [this.owner, this.leaseMs, ids],
    );
    const held = new Set(rows.map((r) => r.id));
    return { lost: ids.filter((id) => !held.has(id)), cancel: rows.filter((r) => r.cancel_requested).map((r) => r.id) };
  }

  /** Takes over one running job whose lease lapsed (its replica died), if any; SKIP LOCKED so replicas never both get it. */
  async claimLapsed(): Promise<(Job & { checkpoint: unknown; previousOwner: string | null }) | null> {
    const rows = await this.db.query<Row & { previous_owner: string | null }>(
      `UPDATE jobs j SET owner = $1, lease_until = now() + $2 * interval '1 millisecond', updated_at = now()
         FROM (SELECT id, owner AS previous_owner FROM jobs
                WHERE status = 'running' AND (lease_until IS NULL OR lease_until < now())
                ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED) lapsed
        WHERE j.id = lapsed.id RETURNING j.*, lapsed.previous_owner`,
      [this.owner, this.leaseMs],
    );
    return rows[0] ? { ...toJob(rows[0]), previousOwner: rows[0].previous_owner } : null;
  }

  /** Asks the replica running the job to cancel it (it sees the flag when it renews its lease). */
  async requestCancel(id: string): Promise<boolean> {
    const rows = await this.db.query(`UPDATE jobs SET cancel_requested = true WHERE id = $1 AND status = 'running' RETURNING id`, [id]);
    return rows.length > 0;
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
