import 'server-only';
import { TimeoutError } from './errors';

/** Default ceiling for one broker call; a dead broker must give a 503 well within 5 s. */
export const BROKER_CALL_TIMEOUT_MS = 4000;

/**
 * Rejects with a TimeoutError naming `what` when `work` has not settled after `ms`.
 * The underlying call keeps running (neither a broker client nor fetch can always be aborted); its eventual
 * rejection is swallowed here so it never becomes an unhandled rejection.
 */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} did not answer within ${ms} ms`)), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
