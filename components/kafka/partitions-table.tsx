import type { Partition } from '@/lib/contracts/kafka';
import { formatBytes, formatCount } from '@/lib/format';
import { card, td, th } from '@/components/ui/styles';

const ids = (list: number[]) => (list.length ? list.join(', ') : '—');

export function PartitionsTable({ partitions }: { partitions: Partition[] }) {
  return (
    <div className={`${card} overflow-x-auto`}>
      <table className="w-full" data-testid="partitions-table">
        <thead className="border-b border-slate-200 dark:border-slate-800">
          <tr>
            <th className={th}>Partition</th>
            <th className={th}>Leader</th>
            <th className={th}>Replicas</th>
            <th className={th}>In sync</th>
            <th className={th}>Offline replicas</th>
            <th className={`${th} text-right`}>Low</th>
            <th className={`${th} text-right`}>High</th>
            <th className={`${th} text-right`}>Messages</th>
            <th className={`${th} text-right`}>Size</th>
          </tr>
        </thead>
        <tbody>
          {partitions.map((p) => {
            const under = p.isr.length < p.replicas.length;
            return (
              <tr key={p.partition} className="border-b border-slate-100 font-mono last:border-0 dark:border-slate-800/60">
                <td className={td}>{p.partition}</td>
                <td className={td}>{p.leader ?? <span className="font-sans font-semibold text-red-600">offline</span>}</td>
                <td className={td}>{ids(p.replicas)}</td>
                <td className={`${td} ${under ? 'text-amber-600' : ''}`}>{ids(p.isr)}</td>
                <td className={`${td} ${p.offlineReplicas.length ? 'text-red-600' : ''}`}>{ids(p.offlineReplicas)}</td>
                <td className={`${td} text-right tabular-nums`}>{formatCount(p.low)}</td>
                <td className={`${td} text-right tabular-nums`}>{formatCount(p.high)}</td>
                <td className={`${td} text-right tabular-nums`}>{formatCount(p.messages)}</td>
                <td className={`${td} text-right tabular-nums`}>{formatBytes(p.sizeBytes)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
