import type { GroupPartition } from '@/lib/contracts/groups';
import { formatAge, formatCount } from '@/lib/format';
import { LagStatusBadge } from './lag-status-badge';

export function GroupPartitionsTable({ partitions }: { partitions: GroupPartition[] }) {
  if (!partitions.length) return <p className="text-sm text-slate-500 dark:text-slate-400">The group has no partitions assigned or committed.</p>;
  return (
    <table aria-label="Partitions" className="w-full text-left text-sm">
      <thead className="text-xs text-slate-500 dark:text-slate-400">
        <tr>
          <th className="py-1.5 pr-3 font-medium">Topic</th>
          <th className="py-1.5 pr-3 text-right font-medium">Partition</th>
          <th className="py-1.5 pr-3 text-right font-medium">Committed</th>
          <th className="py-1.5 pr-3 text-right font-medium">End</th>
          <th className="py-1.5 pr-3 text-right font-medium">Lag</th>
          <th className="py-1.5 pr-3 font-medium">Last commit</th>
          <th className="py-1.5 font-medium">Status</th>
        </tr>
      </thead>
      <tbody className="tabular-nums">
        {partitions.map((p) => (
          <tr key={`${p.topic}:${p.partition}`} data-testid="partition-row" className="border-t border-slate-100 dark:border-slate-800">
            <td className="py-1.5 pr-3">{p.topic}</td>
            <td className="py-1.5 pr-3 text-right">{p.partition}</td>
            <td className="py-1.5 pr-3 text-right">{p.committed === null ? 'no commit' : formatCount(p.committed)}</td>
            <td className="py-1.5 pr-3 text-right">{formatCount(p.end)}</td>
            <td className="py-1.5 pr-3 text-right" data-testid="partition-lag">{p.lag === null ? 'no commit' : formatCount(p.lag)}</td>
            <td className="py-1.5 pr-3" title={p.lastCommitAt ?? 'Not seen moving since Wharf started watching'}>
              {p.lastCommitAt ? formatAge(p.lastCommitAt) : 'unknown'}
            </td>
            <td className="py-1.5">
              <LagStatusBadge status={p.lagStatus} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
