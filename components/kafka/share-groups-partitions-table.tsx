import type { ShareGroupPartition } from '@/lib/contracts/share-groups';
import { td, th } from '@/components/ui/styles';
import { formatCount } from '@/lib/format';

const LAG_SOURCE = {
  broker: "the broker's own count (DescribeShareGroupOffsets v1)",
  'end-minus-start': 'end offset minus start offset: an upper bound (this broker does not count acknowledged records past the start)',
} as const;

export function ShareGroupsPartitionsTable({ partitions }: { partitions: ShareGroupPartition[] }) {
  if (!partitions.length) return <p className="text-sm text-slate-500 dark:text-slate-400">The group holds no state for any partition yet.</p>;
  return (
    <table aria-label="Partitions" className="w-full text-left text-sm">
      <thead>
        <tr>
          <th className={th}>Topic</th>
          <th className={`${th} text-right`}>Partition</th>
          <th className={`${th} text-right`}>Start offset</th>
          <th className={`${th} text-right`}>End offset</th>
          <th className={`${th} text-right`}>Left to deliver</th>
          <th className={`${th} text-right`}>Leader epoch</th>
        </tr>
      </thead>
      <tbody>
        {partitions.map((p) => (
          <tr key={`${p.topic}-${p.partition}`} data-testid="share-partition-row" className="border-t border-slate-100 dark:border-slate-800">
            <td className={td}>{p.topic}</td>
            <td className={`${td} text-right tabular-nums`}>{p.partition}</td>
            <td className={`${td} text-right tabular-nums`}>{formatCount(p.startOffset)}</td>
            <td className={`${td} text-right tabular-nums`}>{formatCount(p.endOffset)}</td>
            <td className={`${td} text-right tabular-nums`} title={p.lagSource ? LAG_SOURCE[p.lagSource] : 'unknown: the broker could not tell'}>
              {formatCount(p.lag)}
              {p.lagSource === 'end-minus-start' && <span className="text-xs text-slate-500"> (at most)</span>}
            </td>
            <td className={`${td} text-right tabular-nums`}>
              {p.error ? <span className="text-red-700 dark:text-red-400">{p.error}</span> : formatCount(p.leaderEpoch)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
