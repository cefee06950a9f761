import 'server-only';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getConfig } from '../config/load';

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
type GlobalWithSecret = typeof globalThis & { [SECRET_KEY]?: Uint8Array };

/** Key for signing sessions: `auth.sessionSecret` from the config, else the generated one in the data folder. */
export function sessionKey(): Uint8Array {
  const g = globalThis as GlobalWithSecret;
  g[SECRET_KEY] ??= new TextEncoder().encode(getConfig().auth?.sessionSecret ?? loadOrCreateSecret(dataDir()));
  return g[SECRET_KEY];
}
