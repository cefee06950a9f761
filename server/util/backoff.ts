import 'server-only';

/**
 * After a failure to reach a broker, callers fail at once with that error for a while (from `minMs`, doubling up to
 * `maxMs`) instead of each one dialling a broker that is down or hung; the first success resets the wait.
 */
export class FailureBackoff {
  private failure: { error: Error; until: number; waitMs: number } | null = null;

  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
  ) {}

  /** The error to fail with while the wait after the last failure runs, else null. */
  blocked(): Error | null {
    return this.failure && Date.now() < this.failure.until ? this.failure.error : null;
  }

  failed(error: Error): Error {
    const waitMs = Math.min(this.maxMs, this.failure ? this.failure.waitMs * 2 : this.minMs);
    this.failure = { error, until: Date.now() + waitMs, waitMs };
    return error;
  }

  succeeded(): void {
    this.failure = null;
  }
}
