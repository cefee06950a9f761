import 'server-only';

/** Failed sign-ins allowed per key within the window before further attempts are refused. */
export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;

/** In-memory failure counter (per username and per address): enough to make online guessing slow on one server. */
export class Throttle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max = MAX_FAILURES,
    private readonly windowMs = WINDOW_MS,
  ) {}

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Seconds until the key may try again, or 0. */
  retryAfter(key: string, now = Date.now()): number {
    const list = this.recent(key, now);
    return list.length >= this.max ? Math.ceil((list[0] + this.windowMs - now) / 1000) : 0;
  }

  fail(key: string, now = Date.now()): void {
    this.failures.set(key, [...this.recent(key, now), now]);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }
}

const KEY = Symbol.for('wharf.login-throttle');
type GlobalWithThrottle = typeof globalThis & { [KEY]?: Throttle };

export function loginThrottle(): Throttle {
  const g = globalThis as GlobalWithThrottle;
  g[KEY] ??= new Throttle();
  return g[KEY];
}
