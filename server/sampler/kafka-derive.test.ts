import { describe, expect, it } from 'vitest';
import { deriveKafka, partitionLag, timeToDrain } from './kafka-derive';
import type { KafkaRaw, RawGroup } from './kafka-types';

function raw(ts: number, highs: number[], committed: Array<number | null>, extra: Partial<RawGroup> = {}): KafkaRaw {
  return {
    ts,
    topics: new Map([['t', highs.map((high, partition) => ({ partition, low: 0, high }))]]),
    groups: [
      {
        groupId: 'g',
        state: 'Empty',
        protocolType: 'consumer',
        protocol: '',
        members: [],
        committed: committed.map((offset, partition) => ({ topic: 't', partition, offset })),
        ...extra,
      },
    ],
  };
}

describe('partitionLag', () => {
  it('floors at zero and keeps "no commit" apart from zero', () => {
    expect(partitionLag(10, 8)).toBe(0);
    expect(partitionLag(3, 8)).toBe(5);
    expect(partitionLag(null, 8)).toBeNull();
  });
});

describe('timeToDrain', () => {
  it('estimates from the rate lag falls, and says when it does not', () => {
    expect(timeToDrain({ ts: 0, lag: 100 }, { ts: 10_000, lag: 50 })).toEqual({ drain: 'draining', ms: 10_000 });
    expect(timeToDrain({ ts: 0, lag: 50 }, { ts: 10_000, lag: 60 })).toEqual({ drain: 'not-draining', ms: null });
    expect(timeToDrain({ ts: 0, lag: 50 }, { ts: 10_000, lag: 0 })).toEqual({ drain: 'drained', ms: 0 });
    expect(timeToDrain(undefined, { ts: 10_000, lag: 5 })).toEqual({ drain: 'unknown', ms: null });
    expect(timeToDrain({ ts: 0, lag: 5 }, { ts: 10_000, lag: null })).toEqual({ drain: 'unknown', ms: null });
  });
});

describe('deriveKafka', () => {
  it('derives lag, rates, drain and status per group and topic', () => {
    const commits = new Map<string, number>();
    const window = [raw(0, [100, 50], [40, null]), raw(5000, [110, 50], [60, null]), raw(10_000, [120, 60], [90, null])];
    const out = deriveKafka(window, commits);
    const g = out.groups[0];
    expect(g.partitions.map((p) => [p.partition, p.committed, p.lag])).toEqual([
      [0, 90, 30],
      [1, null, null],
    ]);
    expect(g.totalLag).toBe(30);
    expect(g.partitionsWithoutCommit).toBe(1);
    // 30 committed in the last 5 s.
    expect(g.consumeRate).toBe(6);
    // Lag went 60 -> 30 in 10 s: 3/s, so 10 s to drain.
    expect(g).toMatchObject({ drain: 'draining', timeToDrainMs: 10_000, topics: ['t'], assignor: null });
    expect(g.partitions[0].lastCommitAt).toBe(new Date(10_000).toISOString());
    expect(g.partitions[0].lagStatus).toEqual({ status: 'OK', reason: null });
    expect(out.topics).toEqual([{ topic: 't', produceRate: 4, messages: 180, endOffset: 180 }]);
  });

  it('reports unknown rates on the first tick and a group with no commits as unknown lag', () => {
    const out = deriveKafka([raw(0, [10], [null])], new Map());
    expect(out.groups[0]).toMatchObject({ totalLag: null, consumeRate: null, drain: 'unknown', lagStatus: { status: 'UNKNOWN', reason: null } });
    expect(out.topics[0].produceRate).toBeNull();
  });

  it('judges a stuck partition by the group of the latest sample: no members is STOP, a live member STALL', () => {
    const member = { memberId: 'm1', clientId: 'c1', clientHost: '127.0.0.1', assignments: [{ topic: 't', partitions: [0] }] };
    const stuck = (extra: Partial<RawGroup>) => [raw(0, [15], [10], extra), raw(5000, [20], [10], extra), raw(10_000, [25], [10], extra)];
    expect(deriveKafka(stuck({}), new Map()).groups[0].lagStatus).toEqual({ status: 'ERR', reason: 'STOP' });
    expect(deriveKafka(stuck({ state: 'Stable', members: [member] }), new Map()).groups[0].lagStatus).toEqual({ status: 'ERR', reason: 'STALL' });
  });

  it('keeps the type, epochs and member epochs of a KIP-848 group, and calls a raw group without a type classic', () => {
    const member = { memberId: 'm1', clientId: 'c1', clientHost: '127.0.0.1', memberEpoch: 7, assignments: [{ topic: 't', partitions: [0, 1] }] };
    const kip848 = raw(0, [10, 10], [4, 5], { type: 'consumer', state: 'Reconciling', protocol: 'uniform', groupEpoch: 8, assignmentEpoch: 7, members: [member] });
    expect(deriveKafka([kip848], new Map()).groups[0]).toMatchObject({
      type: 'consumer',
      state: 'Reconciling',
      assignor: 'uniform',
      groupEpoch: 8,
      assignmentEpoch: 7,
      members: 1,
      totalLag: 11,
      memberList: [{ memberId: 'm1', instanceId: null, clientId: 'c1', clientHost: '127.0.0.1', memberEpoch: 7, assignments: [{ topic: 't', partitions: [0, 1] }] }],
    });
    expect(deriveKafka([raw(0, [10], [null])], new Map()).groups[0]).toMatchObject({ type: 'classic', groupEpoch: null, assignmentEpoch: null });
  });
});
