import 'server-only';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { SqlDriver } from './driver';

/**
 * PGlite runs PostgreSQL in single-user mode: no autovacuum and no checkpointer. Without them deleted rows (the
 * history's rolled-up tiers) are never reclaimed and the WAL only grows (a soak measured 40 MiB a minute), so
 * `maintain()` vacuums and checkpoints, and the WAL kept between checkpoints is capped.
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'max_wal_size=48MB', '-c', 'min_wal_size=32MB'];

/** Embedded PostgreSQL (WASM) in a data folder: no server to run for a single-user install. */
export async function openPgliteDriver(dir: string): Promise<SqlDriver> {
  mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir, { startParams: START_PARAMS });
  return {
    kind: 'pglite',
    async query<R extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
      const res = await db.query<R>(sql, params);
      return res.rows;
    },
    async transaction(statements) {
      await db.transaction(async (tx) => {
        for (const s of statements) await tx.query(s.sql, s.params ?? []);
      });
    },
    async maintain() {
      await db.exec('VACUUM');
      await db.exec('CHECKPOINT');
    },
    async close() {
      if (!db.closed) await db.close();
    },
  };
}
