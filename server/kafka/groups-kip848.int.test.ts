import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as groupRoute from '@/app/api/connections/[id]/consumer-groups/[group]/route';
import * as offsetsRoute from '@/app/api/connections/[id]/consumer-groups/[group]/offsets/route';
import * as listRoute from '@/app/api/connections/[id]/consumer-groups/route';
import type { GroupDetail, GroupList, GroupOffsets, ResetOffsetsResult } from '@/lib/contracts/groups';
import { KIP848, spawnKafkaTool, startJavaConsumer, toolMembers, toolState, toolTypes, waitForGroup, type GroupProtocol, type JavaConsumer } from '@/test/lag/java-consumer';
import { describeWithKafkaTool, lagFixture, uniqueName, type LagFixture } from '@/test/lag/kafka-fixture';
import { useTempStoreDir } from '@/test/lag/temp-store';
import { getConnectorOf } from '../connections/registry';
import { ApiError } from '../http/errors';
import { scrape } from '../metrics/prometheus';
import { resample } from '../sampler/kafka-groups';
import { runningSamplers } from '../sampler/registry';
import { closeStore, getStore } from '../store/store';
import { removeGroup, writeOffsets } from './groups-offsets';

/*
 * Wharf beside Kafka's own tools, with Kafka's own Java consumer as the member: group.protocol=consumer (KIP-848) on
 * Kafka 4, and group.protocol=classic on every broker. On Kafka 4.4 Wharf used to call a live KIP-848 group Dead with
 * 0 members, "reset" it by joining it as a classic member (taking a partition from the live consumer, turning the
 * stopped group classic, answering applied: true for offsets it never wrote) and answer 500 to a delete.
 */

const ID = 'local-kafka';
const PER_PARTITION = [10, 6, 4];
const ctx = <P>(params: P) => ({ params: Promise.resolve(params) });
const post = (body: unknown) => new Request('http://x/api', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const call = async <T>(res: Response): Promise<{ status: number; body: T }> => ({ status: res.status, body: (await res.json()) as T });
const errorOf = (body: unknown) => (body as { error: { code: string; message: string } }).error;

async function groupRow(groupId: string) {
  await resample(ID);
  const { status, body } = await call<GroupList>(await listRoute.GET(new Request('http://x'), ctx({ id: ID })));
  expect(status).toBe(200);
  return body.groups.find((g) => g.groupId === groupId);
}

async function committedOffsets(f: LagFixture, groupId: string, topic: string): Promise<number[]> {
  const [group] = await f.admin.listConsumerGroupOffsets({ groups: [{ groupId, topics: [{ name: topic, partitionIndexes: [0, 1, 2] }] }] });
  const byPartition = new Map(group?.topics.find((t) => t.name === topic)?.partitions.map((p) => [p.partitionIndex, Number(p.committedOffset)]));
  return [0, 1, 2].map((p) => byPartition.get(p) ?? -1);
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

let f: LagFixture;
let cleanupStore: () => void;

beforeAll(async () => {
  cleanupStore = useTempStoreDir();
  await getStore();
  f = await lagFixture();
});

afterAll(async () => {
  await Promise.allSettled(runningSamplers().map((s) => s.stop()));
  await f?.cleanup();
  await closeStore();
  cleanupStore?.();
});

// KIP-848 groups where the broker runs them (Kafka 4); the classic protocol with the same Java consumer everywhere.
const protocols: GroupProtocol[] = KIP848 ? ['consumer', 'classic'] : ['classic'];

describe.each(protocols)('a group of a real Java consumer with group.protocol=%s', (protocol) => {
  let topic: string;
  let consumer: JavaConsumer;
  const groupId = uniqueName(`java-${protocol}`);
  let memberId = '';

  beforeAll(async () => {
    topic = await f.createTopic(3);
    for (const [partition, n] of PER_PARTITION.entries()) await f.produce(topic, n, partition);
    f.groups.push(groupId);
    consumer = startJavaConsumer({ topic, groupId, protocol });
    const view = await waitForGroup(f.admin, groupId, protocol, { members: 1, partitions: 3 }).catch((e: Error) => {
      throw new Error(`${e.message}; the consumer said: ${consumer.stderr()}`);
    });
    memberId = view!.members[0].memberId;
    await waitFor('the consumer commits everything', async () => (await committedOffsets(f, groupId, topic)).join() === PER_PARTITION.join());
  }, 150_000);

  afterAll(async () => {
    await consumer?.stop();
  });

  it('is listed and shown as kafka-consumer-groups describes it: type, state, member, partitions, assignor, epochs, lag', async () => {
    const [state, members, offsets] = await Promise.all([toolState(groupId), toolMembers(groupId), describeWithKafkaTool(groupId)]);
    expect(state).toMatchObject({ state: 'Stable', members: 1 });
    expect(members).toEqual([{ consumerId: memberId, host: '127.0.0.1', clientId: consumer.clientId, partitions: 3, assignment: expect.any(String) }]);

    const row = await groupRow(groupId);
    expect(row).toMatchObject({ type: protocol, state: 'Stable', members: 1, assignor: state!.assignor, topics: [topic], totalLag: 0, partitionsWithoutCommit: 0 });
    if (protocol === 'consumer') {
      expect(state!.groupEpoch).toEqual(expect.any(Number));
      expect(row).toMatchObject({ groupEpoch: state!.groupEpoch, assignmentEpoch: state!.assignmentEpoch, protocolType: 'consumer' });
    } else {
      expect(row).toMatchObject({ groupEpoch: null, assignmentEpoch: null, protocolType: 'consumer' });
    }

    const { status, body: g } = await call<GroupDetail>(await groupRoute.GET(new Request('http://x'), ctx({ id: ID, group: groupId })));
    expect(status).toBe(200);
    expect(g.memberList).toEqual([
      {
        memberId,
        instanceId: null,
        clientId: consumer.clientId,
        clientHost: '127.0.0.1',
        memberEpoch: protocol === 'consumer' ? expect.any(Number) : null,
        assignments: [{ topic, partitions: [0, 1, 2] }],
      },
    ]);
    expect(g.partitions.map((p) => ({ topic: p.topic, partition: p.partition, current: p.committed, end: p.end, lag: p.lag }))).toEqual(offsets);
    expect(offsets.map((p) => p.current)).toEqual(PER_PARTITION);

    // Sampled each tick like a classic group: after the window's first ticks, a lag status; and exported.
    await resample(ID);
    await resample(ID);
    expect((await groupRow(groupId))?.lagStatus).toEqual({ status: 'OK', reason: null });
    const { body: metrics } = await scrape();
    expect(metrics).toContain(`wharf_consumer_group_info{connection="${ID}",group="${groupId}",type="${protocol}",state="Stable"} 1`);
    expect(metrics).toContain(`wharf_consumer_group_members{connection="${ID}",group="${groupId}"} 1`);
    expect(metrics).toContain(`wharf_consumer_group_total_lag{connection="${ID}",group="${groupId}"} 0`);
  }, 120_000);

  it('refuses a reset while the consumer runs (409 naming it), writes nothing, and the consumer keeps its 3 partitions', async () => {
    const dry = await call<ResetOffsetsResult>(await offsetsRoute.POST(post({ scope: { type: 'group' }, to: { type: 'earliest' } }), ctx({ id: ID, group: groupId })));
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, applied: false, activeMembers: [{ memberId, clientId: consumer.clientId, clientHost: '127.0.0.1' }] });
    expect(dry.body.changes.map((c) => [c.partition, c.current, c.next])).toEqual([
      [0, 10, 0],
      [1, 6, 0],
      [2, 4, 0],
    ]);
    const expected = dry.body.changes.map(({ topic: t, partition, current, next }) => ({ topic: t, partition, current, next }));
    for (const body of [{ dryRun: false, scope: { type: 'group' }, to: { type: 'earliest' } }, { dryRun: false, scope: { type: 'group' }, to: { type: 'earliest' }, expected }]) {
      const refused = await call(await offsetsRoute.POST(post(body), ctx({ id: ID, group: groupId })));
      expect(refused.status).toBe(409);
      expect(errorOf(refused.body).message).toContain(`1 active member (${consumer.clientId} on 127.0.0.1`);
    }
    // Kafka refuses too when Wharf's check is raced: its refusal is a 409, not a 500.
    const raced = await writeOffsets(getConnectorOf(ID, 'kafka'), groupId, [{ topic, partition: 0, next: 0 }]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(raced).toBeInstanceOf(ApiError);
    expect(raced).toMatchObject({ status: 409 });
    expect((raced as Error).message).toMatch(/has active members: Kafka refused/);

    const [members, offsets, types] = await Promise.all([toolMembers(groupId), describeWithKafkaTool(groupId), toolTypes()]);
    expect(offsets.map((p) => p.current)).toEqual(PER_PARTITION);
    // The same member, never rebalanced away: no one joined the group.
    expect(members).toEqual([{ consumerId: memberId, host: '127.0.0.1', clientId: consumer.clientId, partitions: 3, assignment: expect.any(String) }]);
    expect(types.get(groupId)).toBe(protocol);
  }, 120_000);

  it('refuses to delete the group while the consumer runs (409 naming it); Kafka itself refuses with 409 too', async () => {
    const refused = await call(await groupRoute.DELETE(new Request('http://x'), ctx({ id: ID, group: groupId })));
    expect(refused.status).toBe(409);
    expect(errorOf(refused.body).message).toContain(`${consumer.clientId} on 127.0.0.1`);
    const raced = await removeGroup(getConnectorOf(ID, 'kafka'), groupId).then(
      () => null,
      (e: unknown) => e,
    );
    expect(raced).toMatchObject({ status: 409 });
    expect((await toolState(groupId))?.members).toBe(1);
  }, 120_000);

  it('once the consumer stops, resets through the admin API: Kafka holds the offsets and the group keeps its type', async () => {
    await consumer.stop();
    await waitFor('the group is empty', async () => (await groupRow(groupId))?.members === 0);
    const apply = await call<ResetOffsetsResult>(
      await offsetsRoute.POST(post({ dryRun: false, scope: { type: 'group' }, to: { type: 'earliest' } }), ctx({ id: ID, group: groupId })),
    );
    expect(apply.status, JSON.stringify(apply.body)).toBe(200);
    expect(apply.body).toMatchObject({ dryRun: false, applied: true, activeMembers: [] });
    const [offsets, types] = await Promise.all([describeWithKafkaTool(groupId), toolTypes()]);
    expect(offsets.map((p) => [p.partition, p.current, p.lag])).toEqual([
      [0, 0, 10],
      [1, 0, 6],
      [2, 0, 4],
    ]);
    expect(types.get(groupId)).toBe(protocol);
    expect(await groupRow(groupId)).toMatchObject({ type: protocol, state: 'Empty', members: 0, totalLag: 20 });
    const live = await call<GroupOffsets>(await offsetsRoute.GET(new Request('http://x'), ctx({ id: ID, group: groupId })));
    expect(live.body).toMatchObject({ type: protocol, state: 'Empty', activeMembers: [] });
  }, 120_000);

  it('deletes the stopped group; then it is gone for Wharf (404) and for Kafka', async () => {
    const ok = await call(await groupRoute.DELETE(new Request('http://x'), ctx({ id: ID, group: groupId })));
    expect(ok).toEqual({ status: 200, body: { groupId, deleted: true } });
    expect((await offsetsRoute.GET(new Request('http://x'), ctx({ id: ID, group: groupId }))).status).toBe(404);
    expect((await groupRoute.DELETE(new Request('http://x'), ctx({ id: ID, group: groupId }))).status).toBe(404);
    expect(await groupRow(groupId)).toBeUndefined();
    expect((await toolTypes()).has(groupId)).toBe(false);
  }, 120_000);
});

describe('groups that are not consumer groups, or not there', () => {
  it('answers 404 for a group that does not exist: offsets, reset and delete', async () => {
    const missing = uniqueName('no-such-group');
    expect((await offsetsRoute.GET(new Request('http://x'), ctx({ id: ID, group: missing }))).status).toBe(404);
    expect((await offsetsRoute.POST(post({ scope: { type: 'group' }, to: { type: 'earliest' } }), ctx({ id: ID, group: missing }))).status).toBe(404);
    const del = await call(await groupRoute.DELETE(new Request('http://x'), ctx({ id: ID, group: missing })));
    expect(del.status).toBe(404);
    expect(errorOf(del.body).code).toBe('NOT_FOUND');
  });

  // Share groups exist from Kafka 4 on.
  if (KIP848) {
    it('leaves a share group out of the consumer groups, not as a Dead consumer group', async () => {
      const topic = await f.createTopic(1);
      await f.produce(topic, 3, 0);
      const shareGroup = uniqueName('share');
      f.groups.push(shareGroup);
      const share = spawnKafkaTool('org.apache.kafka.tools.consumer.ConsoleShareConsumer', ['--topic', topic, '--group', shareGroup]);
      try {
        await waitFor('the share group exists', async () => (await f.admin.listGroups({ types: ['share'] })).has(shareGroup), 90_000);
        const row = await groupRow(shareGroup);
        expect(row).toBeUndefined();
        expect((await groupRoute.GET(new Request('http://x'), ctx({ id: ID, group: shareGroup }))).status).toBe(404);
        expect((await offsetsRoute.GET(new Request('http://x'), ctx({ id: ID, group: shareGroup }))).status).toBe(404);
      } finally {
        await share.stop();
      }
    }, 150_000);
  }
});
