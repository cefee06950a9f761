import 'server-only';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { SqlDriver } from './driver';

/**
 * PGlite runs PostgreSQL in single-user mode: no autovacuum and no checkpointer. Without them deleted rows (the
 * history's rolled-up tiers) are never reclaimed and the WAL only grows (a soak measured 40 MiB a minute), so
 * `maintain()` vacuums and checkpoints, and the WAL kept between checkpoints is capped.
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'max_wal_size=48MB', '-c', 'min_wal_size=32MB'];

export const OWNER_FILE = 'wharf-owner.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is one process's database: a second process writing the same folder corrupts it. The folder is claimed
 * with an exclusive pid file; one left by a process that is gone (kill -9) is taken over.
 */
export function claimFolder(dir: string): () => void {
  const file = path.join(dir, OWNER_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => {
        if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = Number(readFileSync(file, 'utf8').trim());
    if (owner === process.pid) return () => undefined;
    if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
      throw new Error(
        `The embedded store in ${dir} is in use by another Wharf process (pid ${owner}). The embedded store serves one ` +
          'process: run several replicas on PostgreSQL (set DATABASE_URL), or give this process its own WHARF_DATA_DIR.',
      );
    }
    rmSync(file, { force: true });
  }
  throw new Error(`Could not claim the embedded store in ${dir}`);
}

/** Embedded PostgreSQL (WASM) in a data folder: no server to run for a single-user install. */
export async function openPgliteDriver(dir: string): Promise<SqlDriver> {
  mkdirSync(dir, { recursive: true });
  const release = claimFolder(dir);
  let db: PGlite;
  try {
    db = await PGlite.create(dir, { startParams: START_PARAMS });
  } catch (e) {
    release();
    throw e;
  }
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
    exclusive: (_name, fn) => fn(),
    async maintain() {
      await db.exec('VACUUM');
      await db.exec('CHECKPOINT');
    },
    async close() {
      try {
        if (!db.closed) await db.close();
      } finally {
        release();
      }
    },
  };
}
