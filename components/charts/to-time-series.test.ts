import { describe, expect, it } from 'vitest';
import { toPartitionLagSeries, toTimeSeries } from './to-time-series';

describe('toTimeSeries', () => {
  it('merges metrics into rows by time with nulls for missing values', () => {
    const rows = toTimeSeries(
      [
        { metric: 'lag', points: [{ ts: 2, value: 5 }, { ts: 1, value: 7 }] },
        { metric: 'consumeRate', points: [{ ts: 2, value: 1.5 }] },
        { metric: 'ignored', points: [{ ts: 3, value: 9 }] },
      ],
      { lag: 'lag', consumeRate: 'rate', members: 'members' },
    );
    expect(rows).toEqual([
      { ts: 1, lag: 7, rate: null, members: null },
      { ts: 2, lag: 5, rate: 1.5, members: null },
    ]);
  });
  it('returns no rows for no history', () => {
    expect(toTimeSeries([], { lag: 'lag' })).toEqual([]);
  });
});

describe('toPartitionLagSeries', () => {
  it('keeps the partitions with the most lag, named topic[partition]', () => {
    const out = toPartitionLagSeries(
      [
        { metric: 'lag', points: [{ ts: 1, value: 100 }] },
        { metric: 'lag:orders:0', points: [{ ts: 1, value: 3 }] },
        { metric: 'lag:orders:1', points: [{ ts: 1, value: 30 }] },
        { metric: 'lag:audit:0', points: [{ ts: 1, value: 10 }] },
      ],
      2,
    );
    expect(out.defs.map((d) => d.key)).toEqual(['orders[1]', 'audit[0]']);
    expect(out.rows).toEqual([{ ts: 1, 'orders[1]': 30, 'audit[0]': 10 }]);
    expect(out.hidden).toBe(1);
  });
});
