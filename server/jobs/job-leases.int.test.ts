import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyProgress, type JobParams } from '@/lib/contracts/jobs';
import { createDatabase, type TestDatabase } from '@/test/support/postgres';
import { openStore, type Store } from '../store/store';
import { JobStore, LeaseLostError } from './job-store';

/** Two replicas' job stores on one real PostgreSQL: leases, takeover, fencing (what test/replicas does with processes). */
const LEASE_MS = 400;
let store: Store;
let db: TestDatabase;

const params = { kind: 'kafka-replay', source: { connection: 'local-kafka', topic: 't' }, target: { kind: 'kafka', connection: 'local-kafka', topic: 'u', partitioning: 'keep' } } as JobParams;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  db = await createDatabase(`wharf_leases_test_${Date.now()}_${process.pid}`);
  store = await openStore({ databaseUrl: db.url });
}, 60_000);

afterAll(async () => {
  await store?.close();
  await db?.drop();
});

describe('job leases on PostgreSQL', () => {
  it('a lapsed lease is claimed by exactly one other replica; the old owner is fenced off', async () => {
    const a = new JobStore(store.driver, 'replica-a', LEASE_MS);
    const b = new JobStore(store.driver, 'replica-b', LEASE_MS);
    const c = new JobStore(store.driver, 'replica-c', LEASE_MS);
    const job = await a.create(params, false, 'admin', emptyProgress());
    expect(await b.claimLapsed()).toBeNull();
    expect((await a.renew([job.id])).lost).toEqual([]);
    await sleep(LEASE_MS + 200);
    // b and c race for it: one gets it, never both.
    const [byB, byC] = await Promise.all([b.claimLapsed(), c.claimLapsed()]);
    const winner = byB ? b : c;
    expect([byB, byC].filter(Boolean)).toHaveLength(1);
    expect((byB ?? byC)!.previousOwner).toBe('replica-a');
    // The stalled owner learns it lost the job, cannot checkpoint, and cannot record the end.
    expect((await a.renew([job.id])).lost).toEqual([job.id]);
    await expect(a.saveProgress(job.id, emptyProgress(), { at: 1 })).rejects.toBeInstanceOf(LeaseLostError);
    expect(await a.finish(job.id, 'failed', emptyProgress(), null, 'stale')).toBe(false);
    await winner.saveProgress(job.id, emptyProgress(), { at: 2 });
    expect((await winner.get(job.id))!.checkpoint).toEqual({ at: 2 });
    // A cancel asked on any replica reaches the owner when it renews.
    expect(await a.requestCancel(job.id)).toBe(true);
    expect(await winner.renew([job.id])).toEqual({ lost: [], cancel: [job.id] });
    expect(await winner.finish(job.id, 'cancelled', emptyProgress(), null, null)).toBe(true);
    expect((await a.get(job.id))!.status).toBe('cancelled');
    expect(await b.claimLapsed()).toBeNull();
  });
});
