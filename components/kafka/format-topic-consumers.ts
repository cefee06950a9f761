import type { TopicRow } from '@/lib/contracts/kafka';
import { formatCount } from '@/lib/format';

type Consumers = Pick<TopicRow, 'groups' | 'lag' | 'consumerGroups'>;

/** The lag cell: unknown until the sampler read the topic, "—" with no group, "no commit" when no group has one. */
export function formatTopicLag(row: Consumers): string {
  if (row.groups === null) return 'unknown';
  if (row.groups === 0) return '—';
  return row.lag === null ? 'no commit' : formatCount(row.lag);
}

/** Tooltip of the groups cell: each group with its lag on the topic, the laggiest first. */
export function describeTopicGroups(row: Consumers, limit = 10): string {
  if (row.consumerGroups === null) return 'Not sampled yet';
  if (row.consumerGroups.length === 0) return 'No consumer group reads this topic';
  const sorted = [...row.consumerGroups].sort((a, b) => (b.lag ?? -1) - (a.lag ?? -1) || a.groupId.localeCompare(b.groupId));
  const lines = sorted.slice(0, limit).map((g) => `${g.groupId}: ${g.lag === null ? 'no commit' : `lag ${formatCount(g.lag)}`}`);
  if (sorted.length > limit) lines.push(`… ${sorted.length - limit} more`);
  return lines.join('\n');
}
