import 'server-only';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { SqlDriver } from './driver';

/** Embedded PostgreSQL (WASM) in a data folder: no server to run for a single-user install. */
export async function openPgliteDriver(dir: string): Promise<SqlDriver> {
  mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir);
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
    async close() {
      if (!db.closed) await db.close();
    },
  };
}
