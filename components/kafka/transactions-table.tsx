import type { OpenTransaction } from '@/lib/contracts/transactions';
import { card, td, th } from '@/components/ui/styles';
import { formatCount, formatDuration } from '@/lib/format';

const badge = 'inline-block rounded px-1.5 py-0.5 text-xs font-medium';

/** Open transactions, the oldest first; overdue ones (hanging) in red, those holding back an LSO in amber. */
export function TransactionsTable({ open, onTopic }: { open: OpenTransaction[]; onTopic: (topic: string) => void }) {
  return (
    <div className={`${card} overflow-x-auto`}>
      <table className="w-full" aria-label="Open transactions">
        <thead className="border-b border-slate-200 dark:border-slate-800">
          <tr>
            <th className={th}>Transactional id</th>
            <th className={th}>Producer id / epoch</th>
            <th className={th}>State</th>
            <th className={`${th} text-right`}>Age</th>
            <th className={`${th} text-right`}>Timeout</th>
            <th className={th}>Partitions (LSO → HW)</th>
            <th className={`${th} text-right`}>Not yet visible</th>
            <th className={th}>Verdict</th>
          </tr>
        </thead>
        <tbody>
          {open.length === 0 && (
            <tr>
              <td colSpan={8} className="p-6 text-center text-sm text-slate-500">
                No open transactions
              </td>
            </tr>
          )}
          {open.map((t) => (
            <tr
              key={t.transactionalId}
              data-testid="transaction-row"
              data-overdue={t.overdue ? 'true' : undefined}
              data-stalling={t.stalling ? 'true' : undefined}
              className={`border-b border-slate-100 align-top last:border-0 dark:border-slate-800/60 ${t.overdue ? 'bg-red-50 dark:bg-red-950/30' : t.stalling ? 'bg-amber-50 dark:bg-amber-950/20' : ''}`}
            >
              <td className={`${td} font-medium`}>
                {t.transactionalId}
                {t.error && <p className="text-xs text-red-700 dark:text-red-400">{t.error}</p>}
              </td>
              <td className={`${td} font-mono`}>
                {t.producerId} / {t.producerEpoch < 0 ? 'unknown' : t.producerEpoch}
              </td>
              <td className={td}>{t.state}</td>
              <td className={`${td} text-right tabular-nums`} title={t.startedAt ? `started ${t.startedAt}` : undefined}>
                {formatDuration(t.ageMs)}
              </td>
              <td className={`${td} text-right tabular-nums`}>{t.timeoutMs < 0 ? 'unknown' : formatDuration(t.timeoutMs)}</td>
              <td className={td}>
                <ul>
                  {t.partitions.map((p) => (
                    <li key={`${p.topic}-${p.partition}`} className={p.holdsLso ? 'font-medium text-amber-800 dark:text-amber-300' : ''}>
                      <button type="button" className="hover:underline" onClick={() => onTopic(p.topic)} title="Show this topic's producers">
                        {p.topic}-{p.partition}
                      </button>{' '}
                      <span className="tabular-nums text-xs">
                        {formatCount(p.lastStableOffset)} → {formatCount(p.highWatermark)}
                        {p.holdsLso ? ' (held here)' : ''}
                      </span>
                    </li>
                  ))}
                </ul>
              </td>
              <td className={`${td} text-right tabular-nums`}>{formatCount(t.unstableMessages)}</td>
              <td className={td}>
                {t.overdue && <span className={`${badge} bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-300`}>hanging: past its timeout</span>}{' '}
                {t.stalling && <span className={`${badge} bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-300`}>holds back the LSO</span>}
                {t.overdue === null && !t.stalling && <span className="text-xs text-slate-500">age unknown</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
