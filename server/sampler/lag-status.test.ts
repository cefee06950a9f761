import { describe, expect, it } from 'vitest';
import { combineStatuses, evaluatePartition, type PartitionObservation } from './lag-status';

const series = (pairs: Array<[number | null, number]>): PartitionObservation[] => pairs.map(([committed, end], i) => ({ ts: i * 1000, committed, end }));

describe('evaluatePartition', () => {
  it('is UNKNOWN with too few samples or no commit', () => {
    expect(evaluatePartition(series([[1, 5], [2, 5]]))).toEqual({ status: 'UNKNOWN', reason: null });
    expect(evaluatePartition(series([[null, 5], [null, 6], [null, 7]]))).toEqual({ status: 'UNKNOWN', reason: null });
    expect(evaluatePartition(series([[1, 5], [2, 6], [3, 7], [null, 8]]))).toEqual({ status: 'UNKNOWN', reason: null });
  });
  it('is OK when lag touched zero in the window', () => {
    expect(evaluatePartition(series([[5, 10], [10, 10], [10, 20]]))).toEqual({ status: 'OK', reason: null });
  });
  it('is ERR REWIND when the committed offset goes backwards, even with zero lag', () => {
    expect(evaluatePartition(series([[10, 10], [10, 10], [0, 10]]))).toEqual({ status: 'ERR', reason: 'REWIND' });
  });
  it('is ERR STOP when nothing is committed or produced while there is lag', () => {
    expect(evaluatePartition(series([[5, 10], [5, 10], [5, 10]]))).toEqual({ status: 'ERR', reason: 'STOP' });
  });
  it('is ERR STALL when messages arrive but the committed offset does not move', () => {
    expect(evaluatePartition(series([[5, 10], [5, 12], [5, 15]]))).toEqual({ status: 'ERR', reason: 'STALL' });
  });
  it('is WARN when the consumer commits but lag keeps rising', () => {
    expect(evaluatePartition(series([[5, 10], [6, 13], [7, 16], [8, 19]]))).toEqual({ status: 'WARN', reason: null });
  });
  it('is OK when the consumer commits and lag falls or wobbles', () => {
    expect(evaluatePartition(series([[5, 20], [10, 22], [15, 23]]))).toEqual({ status: 'OK', reason: null });
    expect(evaluatePartition(series([[5, 10], [6, 12], [9, 12], [10, 16]]))).toEqual({ status: 'OK', reason: null });
  });
  it('ignores samples before the first commit', () => {
    expect(evaluatePartition(series([[null, 3], [null, 4], [5, 10], [5, 10], [5, 10]]))).toEqual({ status: 'ERR', reason: 'STOP' });
  });
});

describe('combineStatuses', () => {
  it('takes the worst partition and prefers REWIND over STALL over STOP', () => {
    expect(combineStatuses([])).toEqual({ status: 'UNKNOWN', reason: null });
    expect(combineStatuses([{ status: 'UNKNOWN', reason: null }, { status: 'OK', reason: null }])).toEqual({ status: 'OK', reason: null });
    expect(combineStatuses([{ status: 'OK', reason: null }, { status: 'WARN', reason: null }])).toEqual({ status: 'WARN', reason: null });
    expect(
      combineStatuses([
        { status: 'ERR', reason: 'STOP' },
        { status: 'ERR', reason: 'REWIND' },
        { status: 'ERR', reason: 'STALL' },
      ]),
    ).toEqual({ status: 'ERR', reason: 'REWIND' });
  });
});
