import type { GroupDetail } from '@/lib/contracts/groups';
import { formatGroupState } from '@/lib/groups/format-group';
import { formatCount } from '@/lib/format';
import { formatConsumeRate, formatDrain } from './format-drain';

export type GroupStatRow = { label: string; value: string; testId?: string };

/** Who the group is: type, state, assignor, members (and epochs for KIP-848 groups). */
export function groupIdentityStats(g: GroupDetail): GroupStatRow[] {
  return [
    { label: 'Type', value: g.type, testId: 'group-type' },
    { label: 'State', value: formatGroupState(g.state), testId: 'group-state' },
    { label: 'Assignor', value: g.assignor ?? '—', testId: 'group-assignor' },
    { label: 'Members', value: formatCount(g.members), testId: 'group-members' },
    ...(g.type === 'consumer' ? [{ label: 'Group / assignment epoch', value: `${g.groupEpoch ?? '—'} / ${g.assignmentEpoch ?? '—'}`, testId: 'group-epochs' }] : []),
  ];
}

/** How far behind it is; the time to drain only where the rate and status beside it support one (format-drain.ts). */
export function groupLagStats(g: GroupDetail): GroupStatRow[] {
  return [
    { label: 'Total lag', value: g.totalLag === null ? 'no commit' : formatCount(g.totalLag), testId: 'group-total-lag' },
    { label: 'Consume rate', value: formatConsumeRate(g.consumeRate), testId: 'group-consume-rate' },
    { label: 'Time to drain', value: formatDrain(g), testId: 'group-time-to-drain' },
  ];
}
