'use client';
import { ErrorNotice } from '@/components/ui/error-notice';
import { card, td, th } from '@/components/ui/styles';
import { formatAge, formatCount } from '@/lib/format';
import { useTopicProducersQuery } from '@/lib/query/transactions';

/** Active producers of each partition of a topic, with how far its last stable offset trails the high watermark. */
export function TransactionsProducers({ conn, topic }: { conn: string; topic: string }) {
  const { data, error, isLoading } = useTopicProducersQuery(conn, topic);
  if (error) return <ErrorNotice error={error} title={`Could not load the producers of "${topic}"`} />;
  if (isLoading || !data) return <p className="text-sm text-slate-500">Loading producers of {topic}…</p>;
  return (
    <div className={`${card} overflow-x-auto`}>
      <table className="w-full" aria-label={`Active producers of ${topic}`}>
        <thead className="border-b border-slate-200 dark:border-slate-800">
          <tr>
            <th className={`${th} text-right`}>Partition</th>
            <th className={`${th} text-right`}>HW</th>
            <th className={`${th} text-right`}>LSO</th>
            <th className={`${th} text-right`}>HW − LSO</th>
            <th className={th}>Producer id / epoch</th>
            <th className={th}>Transactional id</th>
            <th className={`${th} text-right`}>Last sequence</th>
            <th className={th}>Last write</th>
            <th className={`${th} text-right`}>Coordinator epoch</th>
            <th className={`${th} text-right`}>Open txn from</th>
          </tr>
        </thead>
        <tbody>
          {data.partitions.flatMap((p) => {
            const rows = p.producers.length ? p.producers : [null];
            return rows.map((pr, i) => (
              <tr
                key={`${p.partition}-${pr?.producerId ?? 'none'}`}
                data-testid="producer-row"
                className={`border-b border-slate-100 last:border-0 dark:border-slate-800/60 ${pr?.orphaned ? 'bg-red-50 dark:bg-red-950/30' : ''}`}
              >
                {i === 0 ? (
                  <>
                    <td className={`${td} text-right tabular-nums`} rowSpan={rows.length}>
                      {p.partition}
                      {p.error && <p className="text-xs text-red-700 dark:text-red-400">{p.error}</p>}
                    </td>
                    <td className={`${td} text-right tabular-nums`} rowSpan={rows.length}>{formatCount(p.highWatermark)}</td>
                    <td className={`${td} text-right tabular-nums`} rowSpan={rows.length}>{formatCount(p.lastStableOffset)}</td>
                    <td className={`${td} text-right tabular-nums ${p.unstableMessages ? 'font-semibold text-amber-700 dark:text-amber-400' : ''}`} rowSpan={rows.length}>
                      {formatCount(p.unstableMessages)}
                    </td>
                  </>
                ) : null}
                {pr ? (
                  <>
                    <td className={`${td} font-mono`}>
                      {pr.producerId} / {pr.producerEpoch}
                    </td>
                    <td className={td}>
                      {pr.transactionalId ?? <span className="text-slate-400">{pr.currentTxnStartOffset === null ? 'none (idempotent)' : 'unknown'}</span>}
                      {pr.transactionState && <span className="text-xs text-slate-500"> · {pr.transactionState}</span>}
                      {pr.orphaned && <p className="text-xs font-medium text-red-700 dark:text-red-400">hanging: open here, but no coordinator has this transaction open</p>}
                    </td>
                    <td className={`${td} text-right tabular-nums`}>{formatCount(pr.lastSequence)}</td>
                    <td className={td}>{pr.lastTimestamp ? formatAge(pr.lastTimestamp) : 'unknown'}</td>
                    <td className={`${td} text-right tabular-nums`}>{formatCount(pr.coordinatorEpoch)}</td>
                    <td className={`${td} text-right tabular-nums`}>{pr.currentTxnStartOffset === null ? '—' : formatCount(pr.currentTxnStartOffset)}</td>
                  </>
                ) : (
                  <td className={`${td} text-slate-500`} colSpan={6}>
                    no active producer
                  </td>
                )}
              </tr>
            ));
          })}
        </tbody>
      </table>
    </div>
  );
}
