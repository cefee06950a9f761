'use client';
import Link from 'next/link';
import { ErrorNotice } from '@/components/ui/error-notice';
import { LagStatusBadge } from '@/components/groups/lag-status-badge';
import { card, td, th } from '@/components/ui/styles';
import type { TopicConsumerGroup } from '@/lib/contracts/kafka';
import { formatAge, formatCount } from '@/lib/format';
import { useTopicConsumerGroupsQuery } from '@/lib/query/kafka-topics';

function partitionsText(g: TopicConsumerGroup): string {
  const total = g.partitions + g.partitionsWithoutCommit;
  return `${formatCount(g.partitions)} of ${formatCount(total)} committed`;
}

/** The groups reading one topic, with their figures on this topic only; each links to its group page. */
export function TopicConsumerGroups({ conn, topic }: { conn: string; topic: string }) {
  const { data, error, isLoading } = useTopicConsumerGroupsQuery(conn, topic);
  const base = `/connections/${encodeURIComponent(conn)}/consumer-groups`;
  if (error) return <ErrorNotice error={error} title="Could not load the consumer groups of this topic" />;
  if (isLoading || !data) return <p className="text-sm text-slate-500">Loading consumer groups…</p>;
  return (
    <div className={`${card} overflow-x-auto`}>
      <p className="border-b border-slate-200 px-3 py-2 text-xs text-slate-500 dark:border-slate-800 dark:text-slate-400">
        Lag on this topic only: end offset minus committed offset, summed over its partitions with a commit · sampled {formatAge(data.sampledAt)}
      </p>
      {data.groups === null ? (
        <p className="p-6 text-center text-sm text-slate-500">The lag sampler has not read this topic yet (internal topics are not sampled).</p>
      ) : data.groups.length === 0 ? (
        <p className="p-6 text-center text-sm text-slate-500">No consumer group has committed to or is assigned this topic.</p>
      ) : (
        <table className="w-full" aria-label="Consumer groups of this topic" data-testid="topic-groups-table">
          <thead className="border-b border-slate-200 dark:border-slate-800">
            <tr>
              <th className={th}>Group</th>
              <th className={th}>State</th>
              <th className={`${th} text-right`}>Members</th>
              <th className={`${th} text-right`}>Lag</th>
              <th className={th}>Partitions</th>
              <th className={th}>Assigned</th>
              <th className={th}>Lag status</th>
            </tr>
          </thead>
          <tbody className="tabular-nums">
            {data.groups.map((g) => (
              <tr key={g.groupId} data-testid="topic-group-row" className="border-b border-slate-100 last:border-0 dark:border-slate-800/60">
                <td className={`${td} font-mono`}>
                  <Link href={`${base}/${encodeURIComponent(g.groupId)}`} className="text-sky-700 hover:underline dark:text-sky-400">
                    {g.groupId}
                  </Link>
                </td>
                <td className={td}>{g.state}</td>
                <td className={`${td} text-right`}>{formatCount(g.members)}</td>
                <td className={`${td} text-right`} data-testid="topic-group-lag" title={g.partitionsWithoutCommit ? `${g.partitionsWithoutCommit} partition(s) without a commit are left out` : undefined}>
                  {g.lag === null ? 'no commit' : formatCount(g.lag)}
                </td>
                <td className={td}>{partitionsText(g)}</td>
                <td className={`${td} font-mono`}>{g.assignedPartitions.length ? g.assignedPartitions.join(', ') : '—'}</td>
                <td className={td}>
                  <LagStatusBadge status={g.lagStatus} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
