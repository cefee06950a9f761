import type { GroupSummary } from '@/lib/contracts/groups';
import { supportedDrainMs } from './format-drain';

export const GROUP_SORT_KEYS = ['group', 'type', 'state', 'members', 'lag', 'status', 'drain'] as const;
export type GroupSortKey = (typeof GROUP_SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

const STATUS_ORDER = { UNKNOWN: 0, OK: 1, WARN: 2, ERR: 3 } as const;

/** Unknown values (null) sort last in either direction: they are not smaller than 0. */
function compareNullable(a: number | null, b: number | null, dir: number): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return (a - b) * dir;
}

export function filterGroups(groups: readonly GroupSummary[], query: string): GroupSummary[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...groups];
  return groups.filter((g) => g.groupId.toLowerCase().includes(q) || g.topics.some((t) => t.toLowerCase().includes(q)) || g.state.toLowerCase() === q || g.type === q);
}

export function sortGroups(groups: readonly GroupSummary[], key: GroupSortKey, dir: SortDir): GroupSummary[] {
  const d = dir === 'asc' ? 1 : -1;
  const byName = (a: GroupSummary, b: GroupSummary) => a.groupId.localeCompare(b.groupId);
  const cmp: Record<GroupSortKey, (a: GroupSummary, b: GroupSummary) => number> = {
    group: (a, b) => byName(a, b) * d,
    type: (a, b) => a.type.localeCompare(b.type) * d,
    state: (a, b) => a.state.localeCompare(b.state) * d,
    members: (a, b) => (a.members - b.members) * d,
    lag: (a, b) => compareNullable(a.totalLag, b.totalLag, d),
    status: (a, b) => (STATUS_ORDER[a.lagStatus.status] - STATUS_ORDER[b.lagStatus.status]) * d,
    // By the estimate the list shows: one the group's rate or status contradicts is unknown, not short.
    drain: (a, b) => compareNullable(supportedDrainMs(a), supportedDrainMs(b), d),
  };
  return [...groups].sort((a, b) => cmp[key](a, b) || byName(a, b));
}
