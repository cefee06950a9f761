import 'server-only';
import type { SqlDriver } from '../store/driver';
import { getAuthDb } from './store-schema';

/** Failed sign-ins allowed per key within the window before further attempts are refused. */
export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;

/**
 * Failed sign-ins per key (username, address), kept in the store so that every replica counts the same failures:
 * going to another replica behind the load balancer does not buy an attacker more guesses.
 */
export class Throttle {
  constructor(
    private readonly db: SqlDriver,
    private readonly max = MAX_FAILURES,
    private readonly windowMs = WINDOW_MS,
  ) {}

  /** Seconds until the key may try again, or 0. */
  async retryAfter(key: string, now = Date.now()): Promise<number> {
    const rows = await this.db.query<{ n: string | number; first: string | number | null }>(
      `SELECT count(*) AS n, min(at) AS first FROM wharf_login_failures WHERE key = $1 AND at > $2`,
      [key, now - this.windowMs],
    );
    const n = Number(rows[0]?.n ?? 0);
    return n >= this.max ? Math.ceil((Number(rows[0].first) + this.windowMs - now) / 1000) : 0;
  }

  async fail(key: string, now = Date.now()): Promise<void> {
    await this.db.query('INSERT INTO wharf_login_failures (key, at) VALUES ($1, $2)', [key, now]);
    await this.db.query('DELETE FROM wharf_login_failures WHERE key = $1 AND at <= $2', [key, now - this.windowMs]);
  }

  async reset(key: string): Promise<void> {
    await this.db.query('DELETE FROM wharf_login_failures WHERE key = $1', [key]);
  }
}

export async function loginThrottle(): Promise<Throttle> {
  return new Throttle(await getAuthDb());
}
