import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithKafkaTool, lagFixture, type LagFixture } from '@/test/lag/kafka-fixture';
import { getConnectorOf } from '../connections/registry';
import { clusterMetadata } from '../kafka/cluster';
import { Sampler } from './sampler';

describe('Kafka sampler against the real broker', () => {
  let f: LagFixture;
  let sampler: Sampler;
  let topic: string;
  const groupId = `wharf-test-${Date.now()}-lag-vs-tool`;

  beforeAll(async () => {
    f = await lagFixture();
    topic = await f.createTopic(3);
    await f.produce(topic, 30, 0);
    await f.produce(topic, 20, 1);
    await f.produce(topic, 10, 2);
    // Partition 2 is left without a commit: Wharf must say so, not report 0.
    await f.commit(groupId, topic, [
      { partition: 0, offset: 12 },
      { partition: 1, offset: 20 },
    ]);
    sampler = new Sampler(getConnectorOf('local-kafka', 'kafka'), { intervalMs: 60_000, history: null });
  });

  afterAll(async () => {
    await sampler?.stop();
    await f?.cleanup();
  });

  it('computes the same lag per partition as kafka-consumer-groups --describe', async () => {
    await sampler.tick();
    expect(sampler.lastTick?.error).toBeNull();
    const tool = await describeWithKafkaTool(groupId);
    const group = sampler.kafka?.groups.find((g) => g.groupId === groupId);
    expect(group).toBeDefined();
    const ours = group!.partitions.map((p) => ({ topic: p.topic, partition: p.partition, current: p.committed, end: p.end, lag: p.lag }));
    // The tool lists only committed partitions of a group without members; Wharf also shows the uncommitted one, as null.
    expect(ours.filter((p) => p.current !== null)).toEqual(tool);
    expect(ours.map((p) => p.lag)).toEqual([18, 0, null]);
    expect(group).toMatchObject({ totalLag: 18, partitionsWithoutCommit: 1, state: 'Empty', members: 0 });
    expect(sampler.lastTick?.brokerRequests).toBeGreaterThan(0);
  });

  it('batches a tick: its requests follow brokers and batches of groups, not the number of groups or topics', async () => {
    // Enough groups that a request per group (the old collector's OffsetFetch) would show.
    const extra = Array.from({ length: 25 }, (_, i) => `${groupId}-extra-${i}`);
    await Promise.all(extra.map((g) => f.commit(g, topic, [{ partition: 0, offset: 1 }])));
    // The first tick of a connection also opens it (ApiVersions, the client's metadata): the one after is the steady cost.
    await sampler.tick();
    await sampler.tick();
    expect(extra.every((g) => sampler.kafka!.groups.some((x) => x.groupId === g))).toBe(true);
    const groups = sampler.kafka!.groups.length;
    const meta = await clusterMetadata(getConnectorOf('local-kafka', 'kafka'));
    const brokers = meta.brokers.length;
    const partitions = meta.topicMetadata.reduce((n, t) => n + t.partitionMetadata.length, 0);
    // Metadata; per broker ListGroups and ListOffsets (earliest, latest) per 2,000 partitions; per coordinator and 200
    // groups one DescribeGroups, one ConsumerGroupDescribe and one OffsetFetch.
    const bound = 1 + brokers * (1 + 2 * Math.ceil(partitions / 2000)) + brokers * 3 * Math.ceil(groups / 200);
    expect(sampler.lastTick!.brokerRequests, `${groups} groups, ${partitions} partitions`).toBeLessThanOrEqual(bound);
    expect(bound).toBeLessThan(groups);
  });

  it('derives produce and consume rates from consecutive ticks', async () => {
    await f.produce(topic, 40, 0);
    await f.commit(groupId, topic, [{ partition: 0, offset: 70 }]);
    await sampler.tick();
    const group = sampler.kafka!.groups.find((g) => g.groupId === groupId)!;
    const t = sampler.kafka!.topics.find((x) => x.topic === topic)!;
    expect(group.consumeRate).toBeGreaterThan(0);
    expect(t.produceRate).toBeGreaterThan(0);
    const tick = sampler.lastTick!;
    const entity = tick.entities.find((e) => e.kind === 'group' && e.id === groupId)!;
    expect(entity.metrics.lag).toBe(0);
    expect(entity.metrics[`lag:${topic}:2`]).toBeNull();
    expect(await describeWithKafkaTool(groupId)).toEqual(
      group.partitions
        .filter((p) => p.committed !== null)
        .map((p) => ({ topic: p.topic, partition: p.partition, current: p.committed, end: p.end, lag: p.lag })),
    );
  });
});

describe('RabbitMQ sampler against the real broker', () => {
  it('reads every queue with one column-limited request, and the nodes with another', async () => {
    const connector = getConnectorOf('local-rabbitmq', 'rabbitmq');
    const name = `wharf-test-${Date.now()}-sampled`;
    await connector.management.send('PUT', `queues/%2F/${encodeURIComponent(name)}`, { durable: false, auto_delete: false });
    const sampler = new Sampler(connector, { intervalMs: 60_000, history: null });
    try {
      await sampler.tick();
      expect(sampler.lastTick?.error).toBeNull();
      const queue = sampler.rabbitmq?.queues.find((q) => q.name === name);
      expect(queue).toMatchObject({ vhost: '/', name });
      // One request for every queue of every vhost, whatever their number, and one for the nodes.
      expect(sampler.lastTick!.brokerRequests).toBe(2);
      expect(sampler.lastTick!.entities.filter((e) => e.kind === 'node').map((e) => e.id)).toEqual(['rabbit@localhost']);
      expect(sampler.lastTick!.entities.find((e) => e.kind === 'connection')).toBeDefined();
    } finally {
      await sampler.stop();
      await connector.management.send('DELETE', `queues/%2F/${encodeURIComponent(name)}`);
    }
  });
});
