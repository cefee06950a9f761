import { describe, expect, it } from 'vitest';
import type { GroupSummary } from '@/lib/contracts/groups';
import { filterGroups, sortGroups } from './group-table-model';

const g = (groupId: string, totalLag: number | null, extra: Partial<GroupSummary> = {}): GroupSummary => ({
  groupId,
  type: 'classic',
  state: 'Stable',
  protocolType: 'consumer',
  assignor: 'range',
  groupEpoch: null,
  assignmentEpoch: null,
  members: 1,
  topics: ['orders'],
  totalLag,
  partitionsWithoutCommit: 0,
  lagStatus: { status: 'OK', reason: null },
  consumeRate: null,
  drain: 'unknown',
  timeToDrainMs: null,
  ...extra,
});

describe('group table model', () => {
  const groups = [g('b', 5), g('a', null, { topics: ['audit'] }), g('c', 50, { lagStatus: { status: 'ERR', reason: 'STOP' } })];
  it('sorts by lag with unknown last in both directions', () => {
    expect(sortGroups(groups, 'lag', 'desc').map((x) => x.groupId)).toEqual(['c', 'b', 'a']);
    expect(sortGroups(groups, 'lag', 'asc').map((x) => x.groupId)).toEqual(['b', 'c', 'a']);
  });
  it('sorts by status, then name', () => {
    expect(sortGroups(groups, 'status', 'desc').map((x) => x.groupId)).toEqual(['c', 'a', 'b']);
  });
  it('searches group ids and topics', () => {
    expect(filterGroups(groups, 'AUD').map((x) => x.groupId)).toEqual(['a']);
    expect(filterGroups(groups, ' ').length).toBe(3);
  });
  it('finds and sorts groups by type, and by state whatever its casing', () => {
    const mixed = [g('x', 1), g('y', 1, { type: 'consumer', state: 'ASSIGNING' }), g('z', 1, { type: 'consumer', state: 'Stable' })];
    expect(filterGroups(mixed, 'consumer').map((x) => x.groupId)).toEqual(['y', 'z']);
    expect(filterGroups(mixed, 'assigning').map((x) => x.groupId)).toEqual(['y']);
    expect(sortGroups(mixed, 'type', 'asc').map((x) => x.groupId)).toEqual(['x', 'y', 'z']);
    expect(sortGroups(mixed, 'type', 'desc').map((x) => x.groupId)).toEqual(['y', 'z', 'x']);
  });
  it('sorts by time to drain as shown: an estimate beside a rate of 0 or ERR STALL is unknown and goes last', () => {
    const drain = { drain: 'draining' as const, consumeRate: 1 };
    const list = [
      g('stalled', 9, { ...drain, timeToDrainMs: 1_000, lagStatus: { status: 'ERR', reason: 'STALL' } }),
      g('idle', 9, { ...drain, timeToDrainMs: 2_000, consumeRate: 0 }),
      g('slow', 9, { ...drain, timeToDrainMs: 60_000 }),
      g('fast', 9, { ...drain, timeToDrainMs: 5_000 }),
    ];
    expect(sortGroups(list, 'drain', 'asc').map((x) => x.groupId)).toEqual(['fast', 'slow', 'idle', 'stalled']);
  });
});
