import 'server-only';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getConfig } from '../config/load';
import type { SqlDriver } from '../store/driver';
import { getAuthDb } from './store-schema';

export const SECRET_FILE = 'session-secret';

/** The data folder, as the store resolves it. */
export function dataDir(): string {
  return path.resolve(process.env.WHARF_DATA_DIR ?? getConfig().dataDir);
}

/**
 * Reads the session secret kept in `dir`, creating it once (32 random bytes, owner-only) when missing. Creation
 * uses an exclusive open, so two processes starting together end up with the same secret.
 */
export function loadOrCreateSecret(dir: string): string {
  const file = path.join(dir, SECRET_FILE);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new Error(`Session secret in ${file} is too short; delete it to have a new one generated`);
  return secret;
}

const SECRET_KEY = Symbol.for('wharf.session-secret');
type GlobalWithSecret = typeof globalThis & { [SECRET_KEY]?: { of: SqlDriver; key: Promise<Uint8Array> } };

/**
 * Key for signing sessions: `auth.sessionSecret` from the config; else, on PostgreSQL, one secret in the store
 * shared by every replica (the first to start creates it); else the generated one in the data folder.
 */
export async function sessionKey(): Promise<Uint8Array> {
  const configured = getConfig().auth?.sessionSecret;
  if (configured) return new TextEncoder().encode(configured);
  const db = await getAuthDb();
  const g = globalThis as GlobalWithSecret;
  if (g[SECRET_KEY]?.of !== db) {
    const key = loadKey(db).then((secret) => new TextEncoder().encode(secret));
    g[SECRET_KEY] = { of: db, key };
    key.catch(() => {
      if (g[SECRET_KEY]?.key === key) delete g[SECRET_KEY];
    });
  }
  return g[SECRET_KEY].key;
}

async function loadKey(db: SqlDriver): Promise<string> {
  if (db.kind !== 'postgres') return loadOrCreateSecret(dataDir());
  await db.query(`INSERT INTO wharf_settings (key, value) VALUES ('session-secret', $1) ON CONFLICT (key) DO NOTHING`, [randomBytes(32).toString('base64url')]);
  const rows = await db.query<{ value: string }>(`SELECT value FROM wharf_settings WHERE key = 'session-secret'`);
  return rows[0].value;
}
