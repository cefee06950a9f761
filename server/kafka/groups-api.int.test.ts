import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithKafkaTool, lagFixture, uniqueName, waitForCommit, waitForStableGroup, type LagFixture } from '@/test/lag/kafka-fixture';
import { useTempStoreDir } from '@/test/lag/temp-store';
import * as groupRoute from '@/app/api/connections/[id]/consumer-groups/[group]/route';
import * as offsetsRoute from '@/app/api/connections/[id]/consumer-groups/[group]/offsets/route';
import * as listRoute from '@/app/api/connections/[id]/consumer-groups/route';
import * as metricsRoute from '@/app/api/connections/[id]/metrics/route';
import { closeStore, getStore } from '../store/store';
import { runningSamplers } from '../sampler/registry';

const ctx = <P>(params: P) => ({ params: Promise.resolve(params) });
const post = (body: unknown) => new Request('http://x/api', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

describe('consumer groups API against the real broker', () => {
  let f: LagFixture;
  let topic: string;
  let cleanupStore: () => void;
  const idle = uniqueName('idle-group');
  const active = uniqueName('active-group');

  beforeAll(async () => {
    cleanupStore = useTempStoreDir();
    // Opening PGlite blocks the event loop for seconds on a busy machine: before the consumer joins, not while
    // it must heartbeat.
    await getStore();
    f = await lagFixture();
    topic = await f.createTopic(2);
    await f.produce(topic, 10, 0);
    await f.produce(topic, 6, 1);
    await f.commit(idle, topic, [
      { partition: 0, offset: 4 },
      { partition: 1, offset: 6 },
    ]);
    const consumer = f.consumer(active);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async () => undefined });
    await waitForCommit(f.admin, active, topic);
    await waitForStableGroup(f.admin, active);
  });

  afterAll(async () => {
    await Promise.allSettled(runningSamplers().map((s) => s.stop()));
    await f?.cleanup();
    await closeStore();
    cleanupStore?.();
  });

  it('lists groups with lag and state from the shared sampler', async () => {
    const res = await listRoute.GET(new Request('http://x'), ctx({ id: 'local-kafka' }));
    expect(res.status).toBe(200);
    const body = await res.json();
    // The sampler may have started before the active group joined: take a fresh tick.
    await runningSamplers().find((x) => x.id === 'local-kafka')!.tick();
    const again = await (await listRoute.GET(new Request('http://x'), ctx({ id: 'local-kafka' }))).json();
    expect(body.sampledAt).toEqual(expect.any(String));
    const idleRow = again.groups.find((g: { groupId: string }) => g.groupId === idle);
    expect(idleRow).toMatchObject({ type: 'classic', state: 'Empty', members: 0, topics: [topic], totalLag: 6, partitionsWithoutCommit: 0 });
    const activeRow = again.groups.find((g: { groupId: string }) => g.groupId === active);
    expect(activeRow).toMatchObject({ type: 'classic', state: 'Stable', members: 1, protocolType: 'consumer', groupEpoch: null, assignmentEpoch: null });
    expect(activeRow.assignor).toEqual(expect.any(String));
  });

  it('shows a group with members, assignments and partitions; 404 for an unknown group', async () => {
    const res = await groupRoute.GET(new Request('http://x'), ctx({ id: 'local-kafka', group: active }));
    expect(res.status).toBe(200);
    const g = await res.json();
    expect(g.memberList).toHaveLength(1);
    expect(g.memberList[0]).toMatchObject({ clientId: expect.any(String), clientHost: expect.any(String) });
    expect(g.memberList[0].assignments).toEqual([{ topic, partitions: [0, 1] }]);
    expect(g.partitions.map((p: { partition: number; end: number }) => [p.partition, p.end])).toEqual([
      [0, 10],
      [1, 6],
    ]);
    const missing = await groupRoute.GET(new Request('http://x'), ctx({ id: 'local-kafka', group: uniqueName('nope') }));
    expect(missing.status).toBe(404);
  });

  it('dry-runs a reset, applies it, and Kafka agrees', async () => {
    const dry = await offsetsRoute.POST(post({ scope: { type: 'group' }, to: { type: 'earliest' } }), ctx({ id: 'local-kafka', group: idle }));
    const plan = await dry.json();
    expect(dry.status, JSON.stringify(plan)).toBe(200);
    expect(plan).toMatchObject({ dryRun: true, applied: false });
    expect(plan.changes.map((c: { current: number; next: number }) => [c.current, c.next])).toEqual([
      [4, 0],
      [6, 0],
    ]);
    // Nothing changed yet.
    expect((await describeWithKafkaTool(idle)).map((p) => p.current)).toEqual([4, 6]);

    const apply = await offsetsRoute.POST(
      post({ dryRun: false, scope: { type: 'partitions', topic, partitions: [0] }, to: { type: 'shift', by: 3 } }),
      ctx({ id: 'local-kafka', group: idle }),
    );
    expect(apply.status).toBe(200);
    expect((await apply.json()).changes).toEqual([{ topic, partition: 0, current: 4, next: 7, start: 0, end: 10 }]);
    const tool = await describeWithKafkaTool(idle);
    expect(tool.map((p) => [p.partition, p.current, p.lag])).toEqual([
      [0, 7, 3],
      [1, 6, 0],
    ]);
    const live = await (await offsetsRoute.GET(new Request('http://x'), ctx({ id: 'local-kafka', group: idle }))).json();
    expect(live.partitions.map((p: { committed: number; lag: number }) => [p.committed, p.lag])).toEqual([
      [7, 3],
      [6, 0],
    ]);
    const toTime = await offsetsRoute.POST(post({ dryRun: false, scope: { type: 'topic', topic }, to: { type: 'timestamp', timestamp: Date.now() + 3_600_000 } }), ctx({ id: 'local-kafka', group: idle }));
    expect((await toTime.json()).changes.map((c: { next: number }) => c.next)).toEqual([10, 6]);
    expect((await describeWithKafkaTool(idle)).map((p) => p.current)).toEqual([10, 6]);
  });

  it('applies exactly the previewed plan, and refuses a stale preview (409) naming what moved', async () => {
    const g = uniqueName('preview-group');
    await f.commit(g, topic, [
      { partition: 0, offset: 2 },
      { partition: 1, offset: 1 },
    ]);
    const body = { scope: { type: 'topic', topic }, to: { type: 'shift', by: 2 } };
    const plan = await (await offsetsRoute.POST(post(body), ctx({ id: 'local-kafka', group: g }))).json();
    const expected = plan.changes.map(({ topic: t, partition, current, next }: { topic: string; partition: number; current: number; next: number }) => ({ topic: t, partition, current, next }));
    expect(expected.map((c: { next: number }) => c.next)).toEqual([4, 3]);

    // Someone commits after the preview: applying it now would not do what the user saw.
    await f.commit(g, topic, [{ partition: 0, offset: 5 }]);
    const stale = await offsetsRoute.POST(post({ ...body, dryRun: false, expected }), ctx({ id: 'local-kafka', group: g }));
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.message).toBe(`The committed offset of ${topic}:0 moved from 2 to 5 since the preview; preview again`);
    expect((await describeWithKafkaTool(g)).map((p) => p.current)).toEqual([5, 1]);

    const fresh = await (await offsetsRoute.POST(post(body), ctx({ id: 'local-kafka', group: g }))).json();
    const again = fresh.changes.map(({ topic: t, partition, current, next }: { topic: string; partition: number; current: number; next: number }) => ({ topic: t, partition, current, next }));
    const applied = await offsetsRoute.POST(post({ ...body, dryRun: false, expected: again }), ctx({ id: 'local-kafka', group: g }));
    expect(applied.status).toBe(200);
    expect((await describeWithKafkaTool(g)).map((p) => p.current)).toEqual([7, 3]);
  });

  it('refuses to reset a group with active members (409), on a read-only connection (403), and bad input (400)', async () => {
    const busy = await offsetsRoute.POST(post({ dryRun: false, scope: { type: 'group' }, to: { type: 'latest' } }), ctx({ id: 'local-kafka', group: active }));
    expect(busy.status).toBe(409);
    expect((await busy.json()).error.message).toMatch(/has 1 active member \(wharf-lag-test on [^)]+\): stop its consumers/);
    const ro = await offsetsRoute.POST(post({ dryRun: false, scope: { type: 'group' }, to: { type: 'latest' } }), ctx({ id: 'readonly-kafka', group: idle }));
    expect(ro.status).toBe(403);
    const bad = await offsetsRoute.POST(post({ scope: { type: 'partitions', topic, partitions: [9] }, to: { type: 'latest' } }), ctx({ id: 'local-kafka', group: idle }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/no partition 9/);
    const invalid = await offsetsRoute.POST(post({ scope: { type: 'group' }, to: { type: 'sideways' } }), ctx({ id: 'local-kafka', group: idle }));
    expect(invalid.status).toBe(400);
  });

  it('serves history written by the sampler', async () => {
    const res = await metricsRoute.GET(new Request(`http://x/api?kind=group&entity=${encodeURIComponent(idle)}&range=5m`), ctx({ id: 'local-kafka' }));
    expect(res.status).toBe(200);
    const body = await res.json();
    const lag = body.series.find((s: { metric: string }) => s.metric === 'lag');
    expect(lag.points.length).toBeGreaterThan(0);
    expect(body.series.some((s: { metric: string }) => s.metric === `lag:${topic}:0`)).toBe(true);
  });

  it('deletes an empty group, refuses a busy one and a read-only connection', async () => {
    expect((await groupRoute.DELETE(new Request('http://x'), ctx({ id: 'local-kafka', group: active }))).status).toBe(409);
    expect((await groupRoute.DELETE(new Request('http://x'), ctx({ id: 'readonly-kafka', group: idle }))).status).toBe(403);
    const ok = await groupRoute.DELETE(new Request('http://x'), ctx({ id: 'local-kafka', group: idle }));
    expect(ok.status).toBe(200);
    expect((await groupRoute.GET(new Request('http://x'), ctx({ id: 'local-kafka', group: idle }))).status).toBe(404);
  });
});
