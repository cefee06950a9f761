import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as topicGroupsRoute } from '@/app/api/connections/[id]/topics/[topic]/consumer-groups/route';
import { GET as topicRoute } from '@/app/api/connections/[id]/topics/[topic]/route';
import { GET as listTopicsRoute } from '@/app/api/connections/[id]/topics/route';
import type { TopicConsumerGroups, TopicDetail, TopicList, TopicRow } from '@/lib/contracts/kafka';
import { describeWithKafkaTool, lagFixture, sleep, uniqueName, waitForCommit, waitForStableGroup, type DescribedPartition, type LagFixture } from '@/test/lag/kafka-fixture';
import { useTempStoreDir } from '@/test/lag/temp-store';
import { ctx } from '@/test/kafka/fixtures';
import { runningSamplers } from '../sampler/registry';
import { closeStore } from '../store/store';
import { resample } from '../sampler/kafka-groups';

const ID = 'local-kafka';
/** The consumer commits every message below this offset on each partition, and nothing after. */
const CUT = 4;
const PER_PARTITION = [10, 6, 4];

/** Kafka's tool prints no rows while a group rebalances (a busy machine can delay heartbeats): ask again. */
async function describeSettled(groupId: string): Promise<DescribedPartition[]> {
  for (let i = 0; ; i++) {
    const rows = await describeWithKafkaTool(groupId);
    if (rows.length || i === 4) return rows;
    await sleep(2000);
  }
}

async function listRow(topic: string): Promise<{ row: TopicRow | undefined; body: TopicList }> {
  const res = await listTopicsRoute(new Request(`http://x/api/connections/${ID}/topics?q=${topic}`), ctx({ id: ID }));
  expect(res.status).toBe(200);
  const body = (await res.json()) as TopicList;
  return { row: body.topics.find((t) => t.name === topic), body };
}

describe('consumer groups of a topic, against the real broker', () => {
  let f: LagFixture;
  let topic: string;
  let cleanupStore: () => void;
  const active = uniqueName('topic-reader');
  const idle = uniqueName('topic-idle');

  beforeAll(async () => {
    cleanupStore = useTempStoreDir();
    f = await lagFixture();
    topic = await f.createTopic(3);
    for (const [partition, n] of PER_PARTITION.entries()) await f.produce(topic, n, partition);
    // A real member that reads everything but commits only the first CUT messages of each partition.
    const consumer = f.consumer(active);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic: t, partition, message }) => {
        const offset = Number(message.offset);
        if (offset < CUT) await consumer.commitOffsets([{ topic: t, partition, offset: String(offset + 1) }]);
      },
    });
    await waitForCommit(f.admin, active, topic, CUT);
    // A finished consumer with a commit on partition 0 only: its other partitions have unknown lag.
    await f.commit(idle, topic, [{ partition: 0, offset: PER_PARTITION[0] }]);
  });

  afterAll(async () => {
    await Promise.allSettled(runningSamplers().map((s) => s.stop()));
    await f?.cleanup();
    await closeStore();
    cleanupStore?.();
  });

  it('shows unknown, not 0, until the lag sampler has a tick', async () => {
    // Each test file runs in its own process, so no sampler has ticked yet; the list starts one, never waits for it.
    expect(runningSamplers().some((s) => s.id === ID && s.kafka)).toBe(false);
    const first = await listRow(topic);
    expect(first.body.lagSampledAt).toBeNull();
    expect(first.body.topics.length).toBeGreaterThan(0);
    for (const t of first.body.topics) expect(t).toMatchObject({ groups: null, lag: null, consumerGroups: null });
    let row = first.row;
    for (let i = 0; i < 20 && !row; i++) {
      await sleep(1000);
      row = (await listRow(topic)).row;
    }
    expect(row).toBeDefined();
  });

  it('lists the topic with its groups and the lag kafka-consumer-groups --describe reports', async () => {
    await waitForStableGroup(f.admin, active);
    await resample(ID);
    // Each run of Kafka's tool starts a JVM: run both at once.
    const [tool, idleTool] = await Promise.all([describeSettled(active), describeSettled(idle)]);
    expect(tool.map((p) => [p.partition, p.current, p.end, p.lag])).toEqual([
      [0, CUT, 10, 6],
      [1, CUT, 6, 2],
      [2, CUT, 4, 0],
    ]);
    const toolLag = tool.reduce((n, p) => n + (p.lag ?? 0), 0);
    const idleLag = idleTool.reduce((n, p) => n + (p.lag ?? 0), 0);
    expect(idleLag).toBe(0);

    const { row, body } = await listRow(topic);
    expect(body.lagSampledAt).toEqual(expect.any(String));
    expect(row).toMatchObject({
      groups: 2,
      lag: toolLag + idleLag,
      consumerGroups: [
        { groupId: active, lag: toolLag },
        { groupId: idle, lag: idleLag },
      ].sort((a, b) => (a.groupId < b.groupId ? -1 : 1)),
    });

    const sorted = await listTopicsRoute(new Request(`http://x/api/connections/${ID}/topics?sort=lag&dir=desc`), ctx({ id: ID }));
    expect(sorted.status).toBe(200);
    const lags = ((await sorted.json()) as TopicList).topics.map((t) => t.lag);
    const known = lags.filter((l): l is number => l !== null);
    // Known lags in descending order, unknown ones after them.
    expect(known).toEqual([...known].sort((a, b) => b - a));
    expect(lags.slice(0, known.length)).toEqual(known);
  }, 120_000);

  it('shows the groups on the topic detail and the topic consumer-groups route, matching the tool per partition', async () => {
    await waitForStableGroup(f.admin, active);
    await resample(ID);
    const detail = await topicRoute(new Request('http://x'), ctx({ id: ID, topic }));
    expect(detail.status).toBe(200);
    expect((await detail.json()) as TopicDetail).toMatchObject({ name: topic, groups: 2, lag: 8 });

    const res = await topicGroupsRoute(new Request('http://x'), ctx({ id: ID, topic }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as TopicConsumerGroups;
    expect(body.topic).toBe(topic);
    const reader = body.groups?.find((g) => g.groupId === active);
    expect(reader).toMatchObject({ state: 'Stable', members: 1, lag: 8, partitions: 3, partitionsWithoutCommit: 0, assignedPartitions: [0, 1, 2] });
    const tool = await describeSettled(active);
    expect(reader!.partitionList.map((p) => ({ topic: p.topic, partition: p.partition, current: p.committed, end: p.end, lag: p.lag }))).toEqual(tool);
    expect(body.groups?.find((g) => g.groupId === idle)).toMatchObject({ state: 'Empty', members: 0, lag: 0, partitions: 1, partitionsWithoutCommit: 2, assignedPartitions: [] });

    // The sampler stores the topic's lag (sum over its groups) for the topic page's chart.
    const tick = runningSamplers().find((s) => s.id === ID)!.lastTick!;
    expect(tick.entities.find((e) => e.kind === 'topic' && e.id === topic)?.metrics.lag).toBe(8);
  }, 120_000);

  it('answers null groups for a topic the sampler has not read, and 400 for a bad name', async () => {
    const unknown = await topicGroupsRoute(new Request('http://x'), ctx({ id: ID, topic: `${topic}-missing` }));
    expect(unknown.status).toBe(200);
    expect(((await unknown.json()) as TopicConsumerGroups).groups).toBeNull();
    const bad = await topicGroupsRoute(new Request('http://x'), ctx({ id: ID, topic: 'no spaces/allowed' }));
    expect(bad.status).toBe(400);
  });
});
