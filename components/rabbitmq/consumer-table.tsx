'use client';
import Link from 'next/link';
import type { Consumer } from '@/lib/contracts/rabbitmq';
import type { ConsumerWithQueue } from '@/lib/contracts/rabbitmq-connections';
import { formatCount } from '@/lib/format';
import { clientConnectionHref } from './connection-links';
import { queueHref } from './links';
import { tableClass, tdClass, thClass } from './styles';

const yesNo = (v: boolean | null) => (v === null ? 'unknown' : v ? 'yes' : 'no');
const ackMode = (v: boolean | null) => (v === null ? 'unknown' : v ? 'manual ack' : 'auto ack');

/** "waiting" is a single-active-consumer standby: it gets nothing until the active one goes. */
function Activity({ c }: { c: Consumer }) {
  if (c.activityStatus === null) return <>{c.active === null ? 'unknown' : c.active ? 'active' : 'inactive'}</>;
  const label = c.activityStatus === 'single_active' ? 'single active' : c.activityStatus;
  return <span className={c.activityStatus === 'waiting' ? 'text-amber-700 dark:text-amber-400' : ''}>{label}</span>;
}

const args = (a: Record<string, unknown>) =>
  Object.entries(a)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');

/** One table for a queue's consumers and for every consumer of the broker (then with the queue column). */
export function ConsumerTable({ conn, consumers }: { conn: string; consumers: Array<Consumer | ConsumerWithQueue> }) {
  const withQueue = consumers.some((c) => 'queue' in c);
  return (
    <div className="overflow-x-auto">
      <table className={tableClass} data-testid="consumer-table">
        <thead>
          <tr>
            {[...(withQueue ? ['Queue'] : []), 'Tag', 'Connection', 'Channel', 'Ack mode', 'Prefetch', 'Activity', 'Exclusive', 'Arguments'].map((h) => (
              <th key={h} className={thClass}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {consumers.map((c) => (
            <tr key={`${c.channel}\u0000${c.tag}\u0000${'queue' in c ? `${c.queue.vhost}\u0000${c.queue.name}` : ''}`} data-testid="consumer-row">
              {withQueue && (
                <td className={`${tdClass} max-w-xs truncate`}>
                  {'queue' in c && (
                    <Link className="text-sky-700 hover:underline dark:text-sky-400" href={queueHref(conn, c.queue.vhost, c.queue.name)} title={`${c.queue.vhost} ${c.queue.name}`}>
                      {c.queue.name}
                    </Link>
                  )}
                </td>
              )}
              <td className={`${tdClass} font-mono text-xs`}>{c.tag}</td>
              <td className={`${tdClass} max-w-xs truncate`}>
                {c.connection ? (
                  <Link className="text-sky-700 hover:underline dark:text-sky-400" href={clientConnectionHref(conn, c.connection)}>
                    {c.connection}
                  </Link>
                ) : (
                  'unknown'
                )}
              </td>
              <td className={tdClass}>{c.channel ?? 'unknown'}</td>
              <td className={tdClass}>{ackMode(c.ackRequired)}</td>
              <td className={`${tdClass} tabular-nums`}>{c.prefetch === 0 ? 'unlimited' : formatCount(c.prefetch)}</td>
              <td className={tdClass} data-testid="consumer-activity">
                <Activity c={c} />
              </td>
              <td className={tdClass}>{yesNo(c.exclusive)}</td>
              <td className={`${tdClass} font-mono text-xs`}>{args(c.arguments)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {consumers.length === 0 && <p className="p-4 text-sm text-slate-500">No consumers.</p>}
    </div>
  );
}
