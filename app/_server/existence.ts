import 'server-only';
import { NotFoundError } from '@/server/http/errors';

/** A page waits this long for the broker before it renders anyway and leaves the answer to the client's own request. */
export const PAGE_CHECK_TIMEOUT_MS = 3000;

export type Existence = 'present' | 'missing' | 'unknown';

/**
 * Whether `check` (the lookup the entity's API route makes) finds the entity: 'missing' only on a NotFoundError
 * within the time. A broker that is down, slow or refusing is not "not found": that is 'unknown', and the page
 * renders for the client to show the 503.
 */
export async function existence(check: () => Promise<unknown>, timeoutMs = PAGE_CHECK_TIMEOUT_MS): Promise<Existence> {
  let timer: NodeJS.Timeout | undefined;
  // async: a lookup that throws before it awaits (an unknown connection id) is a rejection like any other.
  const outcome = (async () => check())().then(
    (): Existence => 'present',
    (e: unknown): Existence => (e instanceof NotFoundError ? 'missing' : 'unknown'),
  );
  const late = new Promise<Existence>((resolve) => {
    timer = setTimeout(() => resolve('unknown'), timeoutMs);
  });
  try {
    return await Promise.race([outcome, late]);
  } finally {
    clearTimeout(timer);
  }
}
