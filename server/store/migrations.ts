import 'server-only';
import { JOB_MIGRATIONS } from '../jobs/migrations';
import type { SqlDriver } from './driver';

export type Migration = { id: number; name: string; sql: string[] };

/**
 * Append-only: never edit an applied migration, add a new one. The same SQL runs on PGlite and PostgreSQL.
 * Samples are keyed by resolution so compaction can write 1-min and 10-min rows beside the raw ones.
 */
const SAMPLE_MIGRATIONS: Migration[] = [
  {
    id: 1,
    name: 'samples',
    sql: [
      `CREATE TABLE samples (
         connection  text             NOT NULL,
         entity_kind text             NOT NULL,
         entity_id   text             NOT NULL,
         metric      text             NOT NULL,
         resolution  integer          NOT NULL,
         ts          bigint           NOT NULL,
         value       double precision NOT NULL,
         PRIMARY KEY (connection, entity_kind, entity_id, metric, resolution, ts)
       )`,
      `CREATE INDEX samples_resolution_ts ON samples (resolution, ts)`,
    ],
  },
  {
    // The last tick of each connection, as its sampling replica read it; the other replicas are told by NOTIFY.
    id: 2,
    name: 'live ticks',
    sql: [
      `CREATE TABLE wharf_live (
         connection text        PRIMARY KEY,
         seq        bigint      NOT NULL,
         replica    text        NOT NULL,
         tick       jsonb       NOT NULL,
         raw        jsonb,
         at         timestamptz NOT NULL DEFAULT now()
       )`,
    ],
  },
];

/** Every module's migrations, applied in id order (modules own id ranges: samples 1-99, jobs 100-199). */
export const MIGRATIONS: Migration[] = [...SAMPLE_MIGRATIONS, ...JOB_MIGRATIONS].sort((a, b) => a.id - b.id);

/** Applies the migrations of `list` not yet applied, each in one transaction with its bookkeeping row. */
export function migrate(db: SqlDriver, list: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  // Replicas started together on one PostgreSQL would otherwise both create the same tables.
  return db.exclusive('wharf:migrations', () => migrateNow(db, list));
}

async function migrateNow(db: SqlDriver, list: readonly Migration[]): Promise<number[]> {
  await db.query(`CREATE TABLE IF NOT EXISTS wharf_migrations (
    id integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const rows = await db.query<{ id: number }>('SELECT id FROM wharf_migrations');
  const done = new Set(rows.map((r) => Number(r.id)));
  const applied: number[] = [];
  for (const m of list) {
    if (done.has(m.id)) continue;
    await db.transaction([
      ...m.sql.map((sql) => ({ sql })),
      { sql: 'INSERT INTO wharf_migrations (id, name) VALUES ($1, $2)', params: [m.id, m.name] },
    ]);
    applied.push(m.id);
  }
  return applied;
}
