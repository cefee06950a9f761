import type { Readiness } from '@/lib/contracts/connections';
import { replicaId } from '@/server/cluster/coordinator';
import { UnavailableError } from '@/server/http/errors';
import { withApiErrors } from '@/server/http/with-api-errors';
import { getStore } from '@/server/store/store';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const STORE_DEADLINE_MS = 2000;

/** Ready when the store answers: a replica without its store can neither check sessions nor run jobs. */
export const GET = withApiErrors(async () => {
  const check = (async () => {
    const store = await getStore();
    await store.driver.query('SELECT 1');
    return store.driver.kind;
  })();
  check.catch(() => undefined);
  const deadline = new Promise<never>((_, reject) => setTimeout(() => reject(new UnavailableError(`The store did not answer within ${STORE_DEADLINE_MS} ms`)), STORE_DEADLINE_MS).unref());
  let kind: Readiness['store'];
  try {
    kind = await Promise.race([check, deadline]);
  } catch (e) {
    throw e instanceof UnavailableError ? e : new UnavailableError(`The store is unavailable: ${e instanceof Error ? e.message : String(e)}`);
  }
  const body: Readiness = { status: 'ready', replica: replicaId, store: kind };
  return Response.json(body);
});
