import { describe, expect, it } from 'vitest';
import { confirmPreview, planReset, selectPartitions, type PartitionState } from './offsets-plan';

const parts: PartitionState[] = [
  { topic: 'a', partition: 0, committed: 10, start: 5, end: 50 },
  { topic: 'a', partition: 1, committed: null, start: 0, end: 20 },
  { topic: 'b', partition: 0, committed: 3, start: 0, end: 3 },
];

describe('selectPartitions', () => {
  it('takes committed partitions for the whole group, a topic, or chosen partitions', () => {
    expect(selectPartitions(parts, { type: 'group' })).toEqual([parts[0], parts[2]]);
    expect(selectPartitions(parts, { type: 'topic', topic: 'a' })).toEqual([parts[0], parts[1]]);
    expect(selectPartitions(parts, { type: 'partitions', topic: 'a', partitions: [1] })).toEqual([parts[1]]);
  });
  it('names what does not exist', () => {
    expect(selectPartitions(parts, { type: 'topic', topic: 'zzz' })).toBe('Topic "zzz" does not exist');
    expect(selectPartitions(parts, { type: 'partitions', topic: 'a', partitions: [1, 7] })).toBe('Topic "a" has no partition 7');
    expect(selectPartitions([parts[1]], { type: 'group' })).toMatch(/no committed offsets/);
  });
});

describe('planReset', () => {
  const next = (to: Parameters<typeof planReset>[1], map?: Map<string, number>) => planReset(parts, to, map).map((c) => c.next);
  it('moves to earliest, latest or an exact offset, clamped to the log', () => {
    expect(next({ type: 'earliest' })).toEqual([5, 0, 0]);
    expect(next({ type: 'latest' })).toEqual([50, 20, 3]);
    expect(next({ type: 'offset', offset: 15 })).toEqual([15, 15, 3]);
  });
  it('shifts from the committed offset (or the start without one)', () => {
    expect(next({ type: 'shift', by: -7 })).toEqual([5, 0, 0]);
    expect(next({ type: 'shift', by: 4 })).toEqual([14, 4, 3]);
  });
  it('uses the offset found for a timestamp, or the end when none is that late', () => {
    expect(next({ type: 'timestamp', timestamp: 1 }, new Map([['a:0', 30], ['a:1', -1]]))).toEqual([30, 20, 3]);
  });
  it('keeps the current offset beside the new one', () => {
    expect(planReset([parts[0]], { type: 'latest' })).toEqual([{ topic: 'a', partition: 0, current: 10, next: 50, start: 5, end: 50 }]);
  });
});

describe('confirmPreview', () => {
  const previewed = [
    { topic: 'a', partition: 0, current: 10, next: 40 },
    { topic: 'b', partition: 0, current: 3, next: 0 },
  ];
  const selected = [parts[0], parts[2]];

  it('writes the previewed offsets even when the log has grown since', () => {
    const grown = [{ ...parts[0], end: 90 }, parts[2]];
    expect(confirmPreview(grown, previewed)).toEqual([
      { topic: 'a', partition: 0, current: 10, next: 40, start: 5, end: 90 },
      { topic: 'b', partition: 0, current: 3, next: 0, start: 0, end: 3 },
    ]);
  });

  it('refuses when a committed offset moved, naming the partition and both offsets', () => {
    expect(confirmPreview([{ ...parts[0], committed: 12 }, parts[2]], previewed)).toBe('The committed offset of a:0 moved from 10 to 12 since the preview; preview again');
  });

  it('refuses a selection that changed, and offsets retention has deleted', () => {
    expect(confirmPreview([...selected, parts[1]], previewed)).toBe('Partition a:1 was not in the preview; preview again');
    expect(confirmPreview([parts[0]], previewed)).toBe('Partition b:0 is no longer part of this reset; preview again');
    expect(confirmPreview([{ ...parts[0], start: 45 }, parts[2]], previewed)).toBe('Offset 40 of a:0 is outside the log now (45 to 50); preview again');
  });
});
