'use client';
import type { Shovel } from '@/lib/contracts/rabbitmq-shovels';
import { formatCount, formatMessages } from '@/lib/format';
import { ShovelActions } from './shovel-actions';
import { ShovelEndCell } from './shovel-end';
import { ShovelState } from './shovel-state';
import { tableClass, tdClass, thClass } from './styles';

const deleteAfterText = (d: Shovel['deleteAfter']) => (d === null ? 'unknown' : d === 'never' ? 'never' : d === 'queue-length' ? 'queue length' : formatMessages(d));

/** Dynamic and static shovels; only dynamic ones can be restarted or deleted from here (static ones live in the node's config). */
export function ShovelTable({ conn, rows, canAdminister }: { conn: string; rows: Shovel[]; canAdminister: boolean }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <table className={tableClass} aria-label="Shovels">
        <thead>
          <tr>
            {['Name', 'Vhost', 'Type', 'State', 'Source', 'Destination', 'Ack mode', 'Delete after', 'Moved', 'Last error', ''].map((h) => (
              <th key={h} className={thClass}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={`${s.vhost ?? ''}/${s.name}/${s.node ?? ''}`} data-testid="shovel-row" data-name={s.name}>
              <td className={`${tdClass} font-medium`}>{s.name}</td>
              <td className={tdClass}>{s.vhost ?? <span className="text-slate-400">(static)</span>}</td>
              <td className={tdClass}>{s.type}</td>
              <td className={tdClass} title={s.timestamp ? `since ${s.timestamp} (${s.node ?? 'node unknown'})` : undefined}>
                <ShovelState state={s.state} />
              </td>
              <td className={`${tdClass} max-w-64`}>
                <ShovelEndCell end={s.source} />
              </td>
              <td className={`${tdClass} max-w-64`}>
                <ShovelEndCell end={s.destination} />
              </td>
              <td className={tdClass}>{s.ackMode ?? 'unknown'}</td>
              <td className={tdClass}>{deleteAfterText(s.deleteAfter)}</td>
              <td className={`${tdClass} text-right tabular-nums`} title={s.messagesTransferred === null ? 'This RabbitMQ release does not report it' : undefined}>
                {s.messagesTransferred === null ? 'unknown' : formatCount(s.messagesTransferred)}
              </td>
              <td className={`${tdClass} max-w-72 truncate text-xs text-red-700 dark:text-red-400`} title={s.reason ?? undefined} data-testid="shovel-reason">
                {s.reason ?? ''}
              </td>
              <td className={tdClass}>{canAdminister && s.type === 'dynamic' && s.vhost !== null && <ShovelActions conn={conn} vhost={s.vhost} name={s.name} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="p-6 text-center text-sm text-slate-500">No shovels.</p>}
    </div>
  );
}
