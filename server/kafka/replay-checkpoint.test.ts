import { describe, expect, it } from 'vitest';
import type { ReadRecord } from './messages/to-message';
import { settleByPartition, sharesOf, type Checkpoint, type InFlight } from './replay-checkpoint';
import { targetPartitionOf } from './replay-producer';

const rec = (partition: number, offset: number): ReadRecord => ({ partition, offset, timestamp: 0, timestampType: 'create', raw: { key: null, value: null, headers: {} } }) as ReadRecord;

/** Two source partitions of 6 messages each, all into target partition 0 then 1 ("keep"). */
function batchOf() {
  const batch = [...Array.from({ length: 6 }, (_, i) => rec(0, 10 + i)), ...Array.from({ length: 6 }, (_, i) => rec(1, 20 + i))];
  const targets = Int32Array.from(batch.map((r) => r.partition));
  return { batch, targets };
}

function checkpointWith(inFlight: InFlight, written: number): Checkpoint {
  return {
    ranges: [
      { partition: 0, leader: 1, start: 0, end: 100, next: 10 },
      { partition: 1, leader: 1, start: 0, end: 100, next: 20 },
    ],
    counts: { read: 12 + written, matched: 12 + written, written },
    targetStart: 0,
    inFlight,
  };
}

const parts = [
  { partition: 0, next: 16, read: 6, count: 6 },
  { partition: 1, next: 26, read: 6, count: 6 },
];

describe('settling a batch a kill left in flight, per target partition', () => {
  it('a partition written whole and one written in part: only the rest of the second is sent again, nothing in doubt', () => {
    const { batch, targets } = batchOf();
    const first = sharesOf(batch, targets, new Map([[0, 100], [1, 200]]), undefined);
    expect(first.send).toHaveLength(12);
    const cp = checkpointWith({ parts, read: 12, count: 12, targetBefore: 300, shares: first.shares, partitionCount: 2 }, 50);
    const settled = settleByPartition(cp, cp.inFlight!, first.shares!, new Map([[0, 106], [1, 202]]));
    expect(settled.duplicates).toBe(0);
    expect(cp.counts).toEqual({ read: 50, matched: 50, written: 58 });
    expect(settled.redo!.skip).toEqual(new Map([[0, 6], [1, 2]]));
    // Ranges stay where they were: the batch is read again slice for slice.
    expect(cp.ranges.map((r) => r.next)).toEqual([10, 20]);

    // The same batch read again: the first 6 of partition 0 and 2 of partition 1 are left out.
    cp.counts.read += 12;
    cp.counts.matched += 12;
    const again = sharesOf(batch, targets, new Map([[0, 106], [1, 202]]), settled.redo!.skip);
    expect(again.send.map((r) => r.offset)).toEqual([22, 23, 24, 25]);
    expect(again.shares).toEqual([
      { partition: 0, before: 106, skip: 6, count: 0 },
      { partition: 1, before: 202, skip: 2, count: 4 },
    ]);

    // Killed again with one more of partition 1 landed: the skips add up.
    cp.inFlight = { parts, read: 12, count: 12, targetBefore: 308, shares: again.shares, partitionCount: 2 };
    const twice = settleByPartition(cp, cp.inFlight, again.shares!, new Map([[0, 106], [1, 203]]));
    expect(twice.redo!.skip).toEqual(new Map([[0, 6], [1, 3]]));
    expect(cp.counts.written).toBe(59);

    // And then the rest landed before the next kill: the batch is done, counted once.
    cp.counts.read += 12;
    cp.counts.matched += 12;
    const third = sharesOf(batch, targets, new Map([[0, 106], [1, 203]]), twice.redo!.skip);
    cp.inFlight = { parts, read: 12, count: 12, targetBefore: 309, shares: third.shares, partitionCount: 2 };
    const last = settleByPartition(cp, cp.inFlight, third.shares!, new Map([[0, 106], [1, 206]]));
    expect(last).toEqual({ duplicates: 0, redo: null });
    expect(cp.counts).toEqual({ read: 62, matched: 62, written: 62 });
    expect(cp.ranges.map((r) => r.next)).toEqual([16, 26]);
  });

  it('nothing landed: sent again whole, no skips, nothing in doubt', () => {
    const { batch, targets } = batchOf();
    const { shares } = sharesOf(batch, targets, new Map([[0, 100], [1, 200]]), undefined);
    const cp = checkpointWith({ parts, read: 12, count: 12, targetBefore: 300, shares, partitionCount: 2 }, 0);
    expect(settleByPartition(cp, cp.inFlight!, shares!, new Map([[0, 100], [1, 200]]))).toEqual({ duplicates: 0, redo: null });
    expect(cp.counts).toEqual({ read: 0, matched: 0, written: 0 });
  });

  it('a partition another producer wrote to: only its share is sent again and reported as possible duplicates', () => {
    const { batch, targets } = batchOf();
    const { shares } = sharesOf(batch, targets, new Map([[0, 100], [1, 200]]), undefined);
    const cp = checkpointWith({ parts, read: 12, count: 12, targetBefore: 300, shares, partitionCount: 2 }, 0);
    const settled = settleByPartition(cp, cp.inFlight!, shares!, new Map([[0, 103], [1, 209]]));
    expect(settled.duplicates).toBe(6);
    expect(settled.redo!.skip).toEqual(new Map([[0, 3], [1, 0]]));
    expect(cp.counts.written).toBe(3);
  });
});

describe('the target partition of a record, as the writer routes it', () => {
  it('is the same in a new process: keyless records in "key" mode go by their source position, keyed ones by their key', () => {
    const keyless = rec(2, 41);
    expect(targetPartitionOf({ partitioning: 'key' }, 4, keyless)).toBe((2 + 41) % 4);
    expect(targetPartitionOf({ partitioning: 'key' }, 4, keyless)).toBe(targetPartitionOf({ partitioning: 'key' }, 4, keyless));
    const keyed = { ...rec(0, 1), raw: { key: Buffer.from('k1'), value: null, headers: {} } } as ReadRecord;
    const p = targetPartitionOf({ partitioning: 'key' }, 6, keyed);
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThan(6);
    expect(targetPartitionOf({ partitioning: 'key' }, 6, keyed)).toBe(p);
    expect(targetPartitionOf({ partitioning: 'keep' }, 6, rec(3, 9))).toBe(3);
    expect(targetPartitionOf({ partitioning: 'fixed', partition: 5 }, 6, rec(3, 9))).toBe(5);
  });
});
