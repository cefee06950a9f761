import { describe, expect, it } from 'vitest';
import { deriveKafka } from './kafka-derive';
import type { KafkaRaw, RawGroup } from './kafka-types';
import { consumersOf, groupsOf, indexTopicConsumers, UNKNOWN_CONSUMERS } from './topic-consumers';

const group = (groupId: string, committed: RawGroup['committed'], members: RawGroup['members'] = []): RawGroup => ({
  groupId,
  state: members.length ? 'Stable' : 'Empty',
  protocolType: 'consumer',
  protocol: members.length ? 'range' : '',
  members,
  committed,
});

function tick(): KafkaRaw {
  return {
    ts: 1000,
    topics: new Map([
      ['orders', [{ partition: 0, low: 0, high: 10 }, { partition: 1, low: 0, high: 6 }, { partition: 2, low: 0, high: 4 }]],
      ['payments', [{ partition: 0, low: 0, high: 8 }]],
      ['idle', [{ partition: 0, low: 0, high: 3 }]],
    ]),
    groups: [
      // Commits on two of three partitions, one past the end read first (floored at 0).
      group('billing', [
        { topic: 'orders', partition: 0, offset: 4 },
        { topic: 'orders', partition: 1, offset: 7 },
        { topic: 'payments', partition: 0, offset: 2 },
      ]),
      // Assigned but never committed: lag unknown, not 0.
      group('audit', [], [{ memberId: 'm', clientId: 'c', clientHost: 'h', assignments: [{ topic: 'orders', partitions: [2, 0, 1] }] }]),
    ],
  };
}

describe('indexTopicConsumers', () => {
  const index = indexTopicConsumers(deriveKafka([tick()], new Map()));

  it('gives each topic its groups and their lag on it only', () => {
    expect(consumersOf(index, 'orders')).toEqual({
      groups: 2,
      lag: 6,
      consumerGroups: [
        { groupId: 'audit', lag: null },
        { groupId: 'billing', lag: 6 },
      ],
    });
    expect(consumersOf(index, 'payments')).toEqual({ groups: 1, lag: 6, consumerGroups: [{ groupId: 'billing', lag: 6 }] });
  });

  it('tells "no group" from "not sampled"', () => {
    expect(consumersOf(index, 'idle')).toEqual({ groups: 0, lag: null, consumerGroups: [] });
    expect(consumersOf(index, 'created-since')).toEqual(UNKNOWN_CONSUMERS);
    expect(consumersOf(null, 'orders')).toEqual(UNKNOWN_CONSUMERS);
    expect(groupsOf(index, 'created-since')).toBeNull();
    expect(groupsOf(index, 'idle')).toEqual([]);
  });

  it('describes a group on one topic: partitions with and without commit, assignment, status', () => {
    const [audit, billing] = groupsOf(index, 'orders')!;
    expect(billing).toMatchObject({ groupId: 'billing', state: 'Empty', members: 0, lag: 6, partitions: 2, partitionsWithoutCommit: 1, assignedPartitions: [] });
    expect(billing.partitionList.map((p) => [p.partition, p.lag])).toEqual([
      [0, 6],
      [1, 0],
      [2, null],
    ]);
    expect(audit).toMatchObject({ state: 'Stable', members: 1, lag: null, partitions: 0, partitionsWithoutCommit: 3, assignedPartitions: [0, 1, 2] });
    expect(audit.lagStatus.status).toBe('UNKNOWN');
  });

  it('indexes 5,000 topics and 1,000 groups quickly', () => {
    const topics: KafkaRaw['topics'] = new Map(Array.from({ length: 5000 }, (_, i) => [`t${i}`, [0, 1].map((partition) => ({ partition, low: 0, high: 100 }))]));
    const groups = Array.from({ length: 1000 }, (_, i) =>
      group(
        `g${i}`,
        Array.from({ length: 5 }, (_, j) => ({ topic: `t${(i * 5 + j) % 5000}`, partition: 0, offset: 40 })),
      ),
    );
    const derived = deriveKafka([{ ts: 0, topics, groups }], new Map());
    const started = performance.now();
    const big = indexTopicConsumers(derived);
    const rows = [...topics.keys()].map((t) => consumersOf(big, t));
    // Tens of ms on an idle machine; the bound only catches a quadratic slip on a busy CI box.
    expect(performance.now() - started).toBeLessThan(2000);
    expect(rows[0]).toEqual({ groups: 1, lag: 60, consumerGroups: [{ groupId: 'g0', lag: 60 }] });
  });
});
