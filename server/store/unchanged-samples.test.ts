import { describe, expect, it } from 'vitest';
import type { Sample } from './history';
import { HEARTBEAT_MS, UnchangedSampleFilter } from './unchanged-samples';

const TICK = 5000;
const sample = (ts: number, value: number, entityId = 'q1'): Sample => ({ entityKind: 'queue', entityId, metric: 'ready', ts, value });

/** Feeds one sample per tick and returns the [ts, value] pairs that would be written. */
function run(values: number[], start = 0): Array<[number, number]> {
  const f = new UnchangedSampleFilter();
  return values.flatMap((v, i) => f.filter('c', [sample(start + i * TICK, v)]).map((s) => [s.ts, s.value] as [number, number]));
}

describe('UnchangedSampleFilter', () => {
  it('writes a changing series whole', () => {
    expect(run([1, 2, 3])).toEqual([
      [0, 1],
      [5000, 2],
      [10_000, 3],
    ]);
  });

  it('skips repeats, and writes the last repeat before a change so the flat stretch ends where it ended', () => {
    expect(run([4, 4, 4, 4, 9, 9])).toEqual([
      [0, 4],
      [15_000, 4],
      [20_000, 9],
    ]);
  });

  it('writes an unchanged value again once per heartbeat', () => {
    const ticks = HEARTBEAT_MS / TICK + 2;
    const written = run(Array.from({ length: ticks }, () => 0));
    expect(written).toEqual([
      [0, 0],
      [HEARTBEAT_MS, 0],
    ]);
  });

  it('writes the sample before and after a gap (an outage), so the gap is not filled in', () => {
    const f = new UnchangedSampleFilter();
    const out = [0, 5000, 10_000, 60_000, 65_000].flatMap((ts) => f.filter('c', [sample(ts, 7)]).map((s) => s.ts));
    expect(out).toEqual([0, 10_000, 60_000]);
  });

  it('keeps series apart by connection, entity and metric', () => {
    const f = new UnchangedSampleFilter();
    expect(f.filter('c', [sample(0, 1, 'a'), sample(0, 1, 'b')])).toHaveLength(2);
    expect(f.filter('c', [sample(TICK, 1, 'a'), sample(TICK, 2, 'b')]).map((s) => s.entityId)).toEqual(['b']);
    expect(f.filter('other', [sample(TICK, 1, 'a')])).toHaveLength(1);
  });

  it('ends a series missing from a tick with its held sample and a NaN, and starts it afresh when it returns', () => {
    const f = new UnchangedSampleFilter();
    const other = (ts: number) => sample(ts, ts, 'other');
    f.filter('c', [sample(0, 3), other(0)]);
    f.filter('c', [sample(TICK, 3), other(TICK)]);
    expect(f.current('c', 'queue', 'q1', 'ready')).toBe(3);
    const gone = f.filter('c', [other(2 * TICK)]).filter((s) => s.entityId === 'q1');
    expect(gone.map((s) => [s.ts, s.value])).toEqual([
      [TICK, 3],
      [2 * TICK, Number.NaN],
    ]);
    expect(f.current('c', 'queue', 'q1', 'ready')).toBeUndefined();
    expect(f.filter('c', [sample(3 * TICK, 3), other(3 * TICK)]).map((s) => s.entityId)).toEqual(['q1', 'other']);
  });
});
