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

/** Insert batches stay well under PostgreSQL's limits and keep one statement per tick for typical clusters. */
const INSERT_CHUNK = 5000;

export class HistoryStore {
  private readonly unchanged = new UnchangedSampleFilter();

  constructor(readonly db: SqlDriver) {}

  /** Writes a tick's samples, leaving out those that only repeat a series' value (see UnchangedSampleFilter). */
  async write(connection: string, all: Sample[]): Promise<void> {
    const samples = this.unchanged.filter(connection, all);
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

  async query(q: HistoryQuery): Promise<HistorySeries[]> {
    const step = Math.max(1, Math.round(q.stepMs));
    const prefix = q.metricPrefix ? `${q.metricPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const entity = [q.connection, q.entityKind, q.entityId];
    const byMetric = new Map<string, HistoryPoint[]>();
    const rows = await this.db.query<{ metric: string; bucket: number; value: number }>(
      `SELECT metric, ((ts / $6::bigint) * $6::bigint)::float8 AS bucket, avg(value)::float8 AS value
         FROM samples
        WHERE connection = $1 AND entity_kind = $2 AND entity_id = $3 AND ts >= $4 AND ts <= $5 ${prefix ? 'AND metric LIKE $7' : ''}
        GROUP BY metric, bucket
        ORDER BY metric, bucket`,
      [...entity, Math.floor(q.from), Math.ceil(q.to), step, ...(prefix ? [prefix] : [])],
    );
    for (const r of rows) {
      let points = byMetric.get(r.metric);
      if (!points) byMetric.set(r.metric, (points = []));
      points.push({ ts: Number(r.bucket), value: Number(r.value) });
    }
    // Unchanged values are written only now and then: the value a series held when the range starts is its last
    // sample before it (within one heartbeat), drawn at the start of the range.
    const start = Math.floor(q.from / step) * step;
    const carried = await this.db.query<{ metric: string; value: number }>(
      `SELECT DISTINCT ON (metric) metric, value::float8 AS value
         FROM samples
        WHERE connection = $1 AND entity_kind = $2 AND entity_id = $3 AND ts >= $4 AND ts < $5 ${prefix ? 'AND metric LIKE $6' : ''}
        ORDER BY metric, ts DESC`,
      [...entity, Math.floor(q.from) - HEARTBEAT_MS - step, Math.floor(q.from), ...(prefix ? [prefix] : [])],
    );
    let added = false;
    for (const c of carried) {
      const points = byMetric.get(c.metric);
      if (points && points[0].ts <= start) continue;
      if (points) points.unshift({ ts: start, value: Number(c.value) });
      else byMetric.set(c.metric, [{ ts: start, value: Number(c.value) }]);
      added ||= !points;
    }
    const series = [...byMetric].map(([metric, points]) => ({ metric, points }));
    return added ? series.sort((x, y) => (x.metric < y.metric ? -1 : x.metric > y.metric ? 1 : 0)) : series;
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
    this.unchanged.forgetOlderThan(now - 2 * HEARTBEAT_MS);
    await this.db.maintain();
  }

  async stats(): Promise<{ rows: number; bytes: number | null }> {
    const [count] = await this.db.query<{ n: number }>('SELECT count(*)::float8 AS n FROM samples');
    const [size] = await this.db.query<{ bytes: number | null }>(`SELECT pg_total_relation_size('samples')::float8 AS bytes`);
    return { rows: Number(count?.n ?? 0), bytes: size?.bytes === null || size?.bytes === undefined ? null : Number(size.bytes) };
  }
}
