import { describe, expect, it } from 'vitest';
import type { GroupDetail } from '@/lib/contracts/groups';
import { groupIdentityStats, groupLagStats } from './group-stats';

const group = (over: Partial<GroupDetail> = {}): GroupDetail => ({
  groupId: 'orders',
  type: 'classic',
  state: 'Stable',
  protocolType: 'consumer',
  assignor: 'RoundRobinAssigner',
  groupEpoch: null,
  assignmentEpoch: null,
  members: 1,
  topics: ['orders'],
  totalLag: 29,
  partitionsWithoutCommit: 0,
  lagStatus: { status: 'OK', reason: null },
  consumeRate: 0.04,
  drain: 'draining',
  timeToDrainMs: 719_000,
  sampledAt: '2026-01-01T00:00:00.000Z',
  memberList: [],
  partitions: [],
  ...over,
});

const values = (rows: { label: string; value: string }[]) => Object.fromEntries(rows.map((r) => [r.label, r.value]));

describe('group stats', () => {
  it('keeps the assignor and the member count as separate values', () => {
    expect(values(groupIdentityStats(group()))).toEqual({ Type: 'classic', State: 'Stable', Assignor: 'RoundRobinAssigner', Members: '1' });
    expect(values(groupIdentityStats(group({ type: 'consumer', groupEpoch: 4, assignmentEpoch: 3 })))['Group / assignment epoch']).toBe('4 / 3');
  });
  it('a slow but positive rate is not "0 msg/s", and its estimate stands', () => {
    expect(values(groupLagStats(group()))).toEqual({ 'Total lag': '29', 'Consume rate': '0.04 msg/s', 'Time to drain': '≈ 11m 59s' });
  });
  it('no estimate beside a rate of 0, or beside ERR STALL', () => {
    expect(values(groupLagStats(group({ consumeRate: 0 })))['Time to drain']).toBe('not draining');
    expect(values(groupLagStats(group({ lagStatus: { status: 'ERR', reason: 'STALL' } })))['Time to drain']).toBe('not draining');
  });
});
