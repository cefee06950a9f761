import { describe, expect, it } from 'vitest';
import type { LagStatus } from '@/lib/contracts/groups';
import { combineStatuses, consumersGone, evaluatePartition, type GroupPresence, type PartitionObservation } from './lag-status';

const series = (pairs: Array<[number | null, number]>): PartitionObservation[] => pairs.map(([committed, end], i) => ({ ts: i * 1000, committed, end }));
const alive: GroupPresence = { state: 'Stable', members: 1 };
const empty: GroupPresence = { state: 'Empty', members: 0 };
const OK: LagStatus = { status: 'OK', reason: null };
const WARN: LagStatus = { status: 'WARN', reason: null };
const UNKNOWN: LagStatus = { status: 'UNKNOWN', reason: null };
const ERR = (reason: NonNullable<LagStatus['reason']>): LagStatus => ({ status: 'ERR', reason });

describe('evaluatePartition', () => {
  it('Burrow "complete" check: UNKNOWN with too few samples with a commit, or no commit now', () => {
    expect(evaluatePartition(series([[1, 5], [2, 5]]), alive)).toEqual(UNKNOWN);
    expect(evaluatePartition(series([[null, 5], [null, 6], [null, 7]]), alive)).toEqual(UNKNOWN);
    expect(evaluatePartition(series([[1, 5], [2, 6], [3, 7], [null, 8]]), alive)).toEqual(UNKNOWN);
  });

  it('Burrow current lag: OK when there is no lag now, whatever came before', () => {
    expect(evaluatePartition(series([[5, 10], [5, 10], [10, 10]]), empty)).toEqual(OK);
    expect(evaluatePartition(series([[10, 10], [2, 10], [10, 10]]), alive)).toEqual(OK);
  });

  it('Burrow rule 1 (lag zero in the window): OK when lag was zero at a sample', () => {
    expect(evaluatePartition(series([[5, 10], [10, 10], [10, 20]]), alive)).toEqual(OK);
  });

  it('Burrow rule 1 with its tolerance: OK when a commit passed the end of the sample before, though lag is never zero', () => {
    // Keeping up under rising traffic: lag at sample time is what was just sent, and it rises (the old rules said WARN).
    expect(evaluatePartition(series([[0, 4], [4, 10], [10, 18], [18, 28]]), alive)).toEqual(OK);
    // Once is enough: the consumer had read everything that existed one interval earlier.
    expect(evaluatePartition(series([[0, 40], [40, 60], [41, 90], [42, 120]]), alive)).toEqual(OK);
  });

  it('Burrow rule 1: lag above what arrived in one interval is not caught up', () => {
    expect(evaluatePartition(series([[0, 30], [20, 60], [40, 90], [60, 120]]), alive)).toEqual(WARN);
  });

  it('Burrow rule 2 (rewind): ERR REWIND when the offset went back and has not caught up since', () => {
    expect(evaluatePartition(series([[10, 12], [2, 12], [4, 12]]), alive)).toEqual(ERR('REWIND'));
    // Caught up before the step back does not count: the reprocessing it started is not over.
    expect(evaluatePartition(series([[10, 10], [10, 10], [2, 10], [3, 10]]), empty)).toEqual(ERR('REWIND'));
  });

  it('Burrow rule 1 before rule 2: OK after a rewind that caught up within the window', () => {
    expect(evaluatePartition(series([[200, 200], [2, 203], [150, 206], [206, 209], [209, 212]]), alive)).toEqual(OK);
  });

  it('Burrow rule 3 (stopped): ERR STOP when nobody consumes and the offset stood still longer than it moved', () => {
    // The consumers left with work left; messages go on arriving (the old rules called this STALL).
    expect(evaluatePartition(series([[10, 15], [10, 20], [10, 25]]), empty)).toEqual(ERR('STOP'));
    expect(evaluatePartition(series([[5, 10], [5, 10], [5, 10]]), empty)).toEqual(ERR('STOP'));
    // Moved over the first second, still since then for three: a crash mid-window.
    expect(evaluatePartition(series([[0, 100], [10, 110], [10, 120], [10, 130], [10, 140]]), empty)).toEqual(ERR('STOP'));
    expect(evaluatePartition(series([[5, 10], [5, 12], [5, 14]]), { state: 'Dead', members: 0 })).toEqual(ERR('STOP'));
  });

  it('Burrow rule 3: a group without members whose commits still move (committing without joining) is not stopped', () => {
    expect(evaluatePartition(series([[0, 100], [10, 110], [20, 120], [30, 130], [30, 140]]), empty)).toEqual(WARN);
    expect(evaluatePartition(series([[0, 100], [20, 110], [40, 120], [60, 130]]), empty)).toEqual(OK);
  });

  it('Burrow rule 4 (stalled): ERR STALL when members are alive and the offset never moved in the window', () => {
    expect(evaluatePartition(series([[5, 10], [5, 12], [5, 15]]), alive)).toEqual(ERR('STALL'));
    // Stuck on a message with nothing more arriving: still a live consumer not making progress.
    expect(evaluatePartition(series([[5, 10], [5, 10], [5, 10]]), alive)).toEqual(ERR('STALL'));
    expect(evaluatePartition(series([[5, 10], [5, 12], [5, 15]]), { state: 'PreparingRebalance', members: 2 })).toEqual(ERR('STALL'));
  });

  it('Burrow rule 4: a live group that moved in the window is between commits, not stalled', () => {
    expect(evaluatePartition(series([[0, 100], [10, 110], [10, 120], [10, 130], [10, 140]]), alive)).toEqual(WARN);
  });

  it('Burrow rule 5 (lag not decreasing): WARN when commits move but lag never falls and ends higher', () => {
    expect(evaluatePartition(series([[5, 50], [6, 53], [7, 56], [8, 59]]), alive)).toEqual(WARN);
  });

  it('Burrow rule 5: OK when commits move and lag falls or wobbles', () => {
    expect(evaluatePartition(series([[5, 50], [10, 52], [15, 53]]), alive)).toEqual(OK);
    expect(evaluatePartition(series([[5, 50], [6, 52], [9, 52], [10, 56]]), alive)).toEqual(OK);
  });

  it('ignores samples before the first commit', () => {
    expect(evaluatePartition(series([[null, 3], [null, 4], [5, 10], [5, 10], [5, 10]]), empty)).toEqual(ERR('STOP'));
  });
});

describe('consumersGone', () => {
  it('is true for a group with no members, or Empty or Dead', () => {
    expect(consumersGone({ state: 'Empty', members: 0 })).toBe(true);
    expect(consumersGone({ state: 'Dead', members: 0 })).toBe(true);
    expect(consumersGone({ state: 'Stable', members: 0 })).toBe(true);
    expect(consumersGone({ state: 'Stable', members: 1 })).toBe(false);
    expect(consumersGone({ state: 'Reconciling', members: 3 })).toBe(false);
  });
});

describe('combineStatuses', () => {
  it('takes the worst partition and prefers REWIND over STALL over STOP', () => {
    expect(combineStatuses([])).toEqual(UNKNOWN);
    expect(combineStatuses([UNKNOWN, OK])).toEqual(OK);
    expect(combineStatuses([OK, WARN])).toEqual(WARN);
    expect(combineStatuses([ERR('STOP'), ERR('REWIND'), ERR('STALL')])).toEqual(ERR('REWIND'));
  });
});
