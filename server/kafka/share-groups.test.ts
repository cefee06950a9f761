import { describe, expect, it } from 'vitest';
import type { ShareOffsetsGroup } from './protocol/share-group-offsets';
import { tpKey } from './cluster';
import { toPartitions } from './share-groups';

const group = (partitions: ShareOffsetsGroup['topics'][number]['partitions'], topicName = 'orders'): ShareOffsetsGroup => ({
  groupId: 'G',
  errorCode: 0,
  errorMessage: null,
  topics: [{ topicName, topicId: '00000000-0000-0000-0000-000000000000', partitions }],
});
const part = (partitionIndex: number, startOffset: number, lag: number | null, errorCode = 0) => ({
  partitionIndex,
  startOffset: BigInt(startOffset),
  leaderEpoch: 0,
  lag: lag === null ? null : BigInt(lag),
  errorCode,
  errorMessage: null,
});

describe('share group partitions', () => {
  it("takes the broker's lag (v1) even where end minus start says otherwise", () => {
    // A consumer that acknowledged everything past SPSO: the broker says 0 left, end - start would say 6.
    const rows = toPartitions(group([part(0, 0, 0)]), new Map([[tpKey('orders', 0), 6]]));
    expect(rows).toEqual([{ topic: 'orders', partition: 0, startOffset: 0, leaderEpoch: 0, endOffset: 6, lag: 0, lagSource: 'broker', error: null }]);
  });

  it('estimates end minus start only where the broker sends no lag (v0)', () => {
    const rows = toPartitions(group([part(1, 4, null), part(0, 2, null)]), new Map([[tpKey('orders', 0), 10], [tpKey('orders', 1), 4]]));
    expect(rows.map((r) => [r.partition, r.lag, r.lagSource])).toEqual([
      [0, 8, 'end-minus-start'],
      [1, 0, 'end-minus-start'],
    ]);
  });

  it('leaves lag unknown (null), never 0, when the broker cannot tell or an offset is missing', () => {
    const rows = toPartitions(group([part(0, -1, -1), part(1, 3, -1), part(2, 3, null)]), new Map([[tpKey('orders', 0), 9], [tpKey('orders', 1), 9]]));
    expect(rows.map((r) => [r.partition, r.startOffset, r.lag, r.lagSource])).toEqual([
      [0, null, null, null],
      // v1 says -1 (unknown): not replaced by an estimate.
      [1, 3, null, null],
      // v0 without the end offset (no leader): unknown.
      [2, 3, null, null],
    ]);
  });

  it('reports a partition error with no offsets and sorts by topic then partition', () => {
    const answer: ShareOffsetsGroup = { ...group([part(0, 5, 1, 6)], 'b'), topics: [...group([part(0, 5, 1, 6)], 'b').topics, ...group([part(1, 0, 2)], 'a').topics] };
    const rows = toPartitions(answer, new Map());
    expect(rows.map((r) => [r.topic, r.partition, r.startOffset, r.lag])).toEqual([
      ['a', 1, 0, 2],
      ['b', 0, null, null],
    ]);
    expect(rows[1].error).toMatch(/leader/i);
  });
});
