import 'server-only';
import type { SqlDriver } from './driver';
import { HEARTBEAT_MS, UnchangedSampleFilter } from './unchanged-samples';

export type Sample = {
  entityKind: string;
  entityId: string;
  metric: string;
  /** Epoch milliseconds. */
  ts: number;
  value: number;
};

export type HistoryPoint = { ts: number; value: number };
export type HistorySeries = { metric: string; points: HistoryPoint[] };

export type HistoryQuery = {
  connection: string;
  entityKind: string;
  entityId: string;
  from: number;
  to: number;
  /** Points are averaged into buckets of this many ms; 0 returns every stored point. */
  stepMs: number;
  /** Only metrics whose name starts with this. */
  metricPrefix?: string;
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Downsampled retention: raw samples for an hour, 1-minute averages for a day, 10-minute averages for a week.
 * Each tier is rolled into the next when it ages out, so a week of history stays small.
 */
export const RETENTION_TIERS = [
  { resolution: 0, keepMs: HOUR },
  { resolution: MINUTE, keepMs: 24 * HOUR },
  { resolution: 10 * MINUTE, keepMs: 7 * 24 * HOUR },
] as const;

/** The series that records each tick of a connection's sampler. */
const TICK = { entityKind: 'sampler', entityId: '*', metric: 'tick' } as const;

/** Insert batches stay well under PostgreSQL's limits and keep one statement per tick for typical clusters. */
const INSERT_CHUNK = 5000;

export class HistoryStore {
  private readonly unchanged = new UnchangedSampleFilter();

  constructor(readonly db: SqlDriver) {}

  /**
   * Writes one tick's samples, leaving out those that only repeat a series' value (see UnchangedSampleFilter),
   * plus the tick itself: queries fill a still series in at the ticks that happened, and only at those, so an
   * outage stays a gap.
   */
  /**
   * A tick another replica wrote (this one mirrors it): the same series state is kept, so this replica reads a still
   * series up to now, and writes on from the same state if it takes the connection over.
   */
  observe(connection: string, tick: Sample[]): void {
    if (tick.length) this.unchanged.filter(connection, tick);
  }

  async write(connection: string, tick: Sample[]): Promise<void> {
    if (!tick.length) return;
    const samples = this.unchanged.filter(connection, tick);
    samples.push({ ...TICK, ts: Math.max(...tick.map((s) => s.ts)), value: 1 });
    for (let i = 0; i < samples.length; i += INSERT_CHUNK) {
      const chunk = samples.slice(i, i + INSERT_CHUNK);
      await this.db.query(
        `INSERT INTO samples (connection, entity_kind, entity_id, metric, resolution, ts, value)
         SELECT $1, k, e, m, 0, t, v FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::float8[]) AS u(k, e, m, t, v)
         ON CONFLICT DO NOTHING`,
        [
          connection,
          chunk.map((s) => s.entityKind),
          chunk.map((s) => s.entityId),
          chunk.map((s) => s.metric),
          chunk.map((s) => Math.round(s.ts)),
          chunk.map((s) => s.value),
        ],
      );
    }
  }

  /**
   * Points per metric, averaged into buckets of `stepMs`. A series stored only when it moved is filled in with the
   * value it held at every tick bucket where nothing was stored, from the last sample before the range (within a
   * heartbeat) on, and up to now while the series is still sampled; never across a tick that did not happen (an
   * outage) nor after a tick that did not see the series (a NaN sample).
   */
  async query(q: HistoryQuery): Promise<HistorySeries[]> {
    const step = Math.max(1, Math.round(q.stepMs));
    const from = Math.floor(q.from);
    const to = Math.ceil(q.to);
    const prefix = q.metricPrefix ? `${q.metricPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const entity = [q.connection, q.entityKind, q.entityId];
    const [rows, carried, ticks] = await Promise.all([
      this.db.query<{ metric: string; bucket: number; value: number }>(
        `SELECT metric, ((ts / $6::bigint) * $6::bigint)::float8 AS bucket, avg(value)::float8 AS value
           FROM samples
          WHERE connection = $1 AND entity_kind = $2 AND entity_id = $3 AND ts >= $4 AND ts <= $5 ${prefix ? 'AND metric LIKE $7' : ''}
          GROUP BY metric, bucket
          ORDER BY metric, bucket`,
        [...entity, from, to, step, ...(prefix ? [prefix] : [])],
      ),
      this.db.query<{ metric: string; value: number }>(
        `SELECT DISTINCT ON (metric) metric, value::float8 AS value
           FROM samples
          WHERE connection = $1 AND entity_kind = $2 AND entity_id = $3 AND ts >= $4 AND ts < $5 ${prefix ? 'AND metric LIKE $6' : ''}
          ORDER BY metric, ts DESC`,
        [...entity, from - HEARTBEAT_MS - step, from, ...(prefix ? [prefix] : [])],
      ),
      this.db.query<{ bucket: number }>(
        `SELECT DISTINCT ((ts / $5::bigint) * $5::bigint)::float8 AS bucket
           FROM samples
          WHERE connection = $1 AND entity_kind = $2 AND entity_id = $3 AND metric = $4 AND ts >= $6 AND ts <= $7
          ORDER BY bucket`,
        [q.connection, TICK.entityKind, TICK.entityId, TICK.metric, step, from, to],
      ),
    ]);
    const stored = new Map<string, Map<number, number>>();
    for (const r of rows) {
      let points = stored.get(r.metric);
      if (!points) stored.set(r.metric, (points = new Map()));
      points.set(Number(r.bucket), Number(r.value));
    }
    const before = new Map(carried.map((c) => [c.metric, Number(c.value)]));
    const tickBuckets = ticks.map((t) => Number(t.bucket));
    const metrics = [...new Set([...stored.keys(), ...before.keys()])].sort();
    const series = metrics.map((metric) => ({
      metric,
      points: fillStill(stored.get(metric) ?? new Map(), before.get(metric), tickBuckets, this.unchanged.current(q.connection, q.entityKind, q.entityId, metric) !== undefined),
    }));
    return series.filter((s) => s.points.length > 0);
  }

  /**
   * Rolls aged samples into the next tier and drops what is past the last one. Cut-offs are aligned to the
   * coarser bucket, so every bucket is rolled up exactly once, from complete data.
   */
  async compact(now = Date.now()): Promise<void> {
    const statements: Array<{ sql: string; params?: unknown[] }> = [];
    for (let i = 0; i < RETENTION_TIERS.length - 1; i++) {
      const from = RETENTION_TIERS[i];
      const to = RETENTION_TIERS[i + 1];
      const cutoff = Math.floor((now - from.keepMs) / to.resolution) * to.resolution;
      statements.push(
        {
          sql: `INSERT INTO samples (connection, entity_kind, entity_id, metric, resolution, ts, value)
                SELECT connection, entity_kind, entity_id, metric, $2::integer, (ts / $2::bigint) * $2::bigint, avg(value)
                  FROM samples WHERE resolution = $1 AND ts < $3
                 GROUP BY connection, entity_kind, entity_id, metric, (ts / $2::bigint) * $2::bigint
                ON CONFLICT (connection, entity_kind, entity_id, metric, resolution, ts) DO UPDATE SET value = EXCLUDED.value`,
          params: [from.resolution, to.resolution, cutoff],
        },
        { sql: 'DELETE FROM samples WHERE resolution = $1 AND ts < $2', params: [from.resolution, cutoff] },
      );
    }
    const last = RETENTION_TIERS[RETENTION_TIERS.length - 1];
    statements.push({ sql: 'DELETE FROM samples WHERE resolution = $1 AND ts < $2', params: [last.resolution, now - last.keepMs] });
    await this.db.transaction(statements);
    await this.db.maintain();
  }

  async stats(): Promise<{ rows: number; bytes: number | null }> {
    const [count] = await this.db.query<{ n: number }>('SELECT count(*)::float8 AS n FROM samples');
    const [size] = await this.db.query<{ bytes: number | null }>(`SELECT pg_total_relation_size('samples')::float8 AS bytes`);
    return { rows: Number(count?.n ?? 0), bytes: size?.bytes === null || size?.bytes === undefined ? null : Number(size.bytes) };
  }
}

/**
 * The stored buckets of one series (NaN where it was not seen) with the tick buckets between them filled in with
 * the value held. `before` is its last sample before the range; `live`, whether it is still sampled (then the
 * value held also fills the ticks after its last stored point).
 */
function fillStill(stored: Map<number, number>, before: number | undefined, ticks: number[], live: boolean): HistoryPoint[] {
  const buckets = [...new Set([...stored.keys(), ...ticks])].sort((a, b) => a - b);
  const lastStored = stored.size ? Math.max(...stored.keys()) : -Infinity;
  const out: HistoryPoint[] = [];
  let held = before === undefined || Number.isNaN(before) ? null : before;
  for (const b of buckets) {
    const v = stored.get(b);
    if (v !== undefined) {
      held = Number.isNaN(v) ? null : v;
      if (held !== null) out.push({ ts: b, value: held });
    } else if (held !== null && (b < lastStored || live)) {
      out.push({ ts: b, value: held });
    }
  }
  return out;
}
