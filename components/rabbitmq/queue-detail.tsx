'use client';
import Link from 'next/link';
import { useCan } from '@/components/connections/use-can';
import { ErrorNotice } from '@/components/ui/error-notice';
import { isNotFound, NotFoundNotice } from '@/components/ui/not-found-notice';
import { PageHeader } from '@/components/ui/page-header';
import { Stat } from '@/components/ui/stat';
import type { ReadCost } from '@/lib/contracts/rabbitmq';
import { formatBytes, formatCount, formatRate } from '@/lib/format';
import { useQueueQuery } from '@/lib/query/rabbitmq-browse';
import { ArgumentsList } from './arguments-list';
import { BindingsTable } from './bindings-table';
import { queueHref } from './links';
import { QueueActions } from './queue-actions';
import { QueueCharts } from './queue-charts';
import { cardClass, secondaryButtonClass, tableClass, tdClass, thClass } from './styles';

const LIMIT_SOURCE: Record<ReadCost['limitSource'], string> = {
  argument: 'x-delivery-limit argument',
  policy: 'policy',
  default: 'RabbitMQ default',
  none: '',
  unknown: '',
};

/** The effective limit (argument, policy or the 4.x default), not only the queue argument. */
function deliveryLimitText(c: ReadCost): string {
  if (c.queueType !== 'quorum') return 'none';
  if (c.limitSource === 'unknown') return c.limit === null ? 'unknown (policy not reported yet)' : `at most ${c.limit} (policy not reported yet)`;
  return c.limit === null ? 'none' : `${c.limit} (${LIMIT_SOURCE[c.limitSource]})`;
}

export function QueueDetailView({ conn, vhost, name }: { conn: string; vhost: string; name: string }) {
  const { data, error, isLoading } = useQueueQuery(conn, vhost, name);
  const canMutate = useCan(conn, 'mutations');
  const canAdminister = useCan(conn, 'administration');
  const canRead = useCan(conn, 'messageContents');
  const q = data?.queue;
  return (
    <>
      <PageHeader
        title={name}
        subtitle={`queue in vhost ${vhost}${q ? ` · ${q.type ?? 'unknown type'} · ${q.state ?? 'state unknown'}` : ''}`}
        actions={
          // No links to forms for a queue that is not there (or not loaded yet).
          q && (
          <>
            {canRead && (
              <Link className={secondaryButtonClass} href={queueHref(conn, vhost, name, 'messages')}>
                Inspect messages
              </Link>
            )}
            {canMutate && (
              <Link className={secondaryButtonClass} href={queueHref(conn, vhost, name, 'move')}>
                Move messages
              </Link>
            )}
          </>
          )
        }
      />
      {error && isNotFound(error) && <NotFoundNotice error={error} backHref={`/connections/${encodeURIComponent(conn)}/queues`} backLabel="Back to queues" />}
      {error && !isNotFound(error) && <ErrorNotice error={error} title="Could not load this queue" />}
      {isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {q && data && !isNotFound(error) && (
        <div className="space-y-4">
          <section className={`${cardClass} flex flex-wrap items-start justify-between gap-4`} aria-label="Counts">
            <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
              <Stat label="Ready" value={formatCount(q.ready)} testId="queue-ready" />
              <Stat label="Unacked" value={formatCount(q.unacked)} />
              <Stat label="Total" value={formatCount(q.total)} testId="queue-total" />
              <Stat label="Consumers" value={formatCount(q.consumers)} />
              <Stat label="Utilisation" value={q.consumerUtilisation === null ? 'unknown' : `${Math.round(q.consumerUtilisation * 100)}%`} />
              <Stat label="Publish" value={formatRate(q.publishRate)} />
              <Stat label="Deliver" value={formatRate(q.deliverRate)} />
              <Stat label="Ack" value={formatRate(q.ackRate)} />
            </dl>
            {canMutate && <QueueActions conn={conn} vhost={vhost} name={name} total={q.total} consumers={q.consumers} canDelete={canAdminister} />}
          </section>
          <QueueCharts conn={conn} vhost={vhost} name={name} />
          <section className={cardClass} aria-label="Details">
            <h2 className="mb-2 text-sm font-semibold">Details</h2>
            <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
              {[
                ['Durable', q.durable === null ? 'unknown' : q.durable ? 'yes' : 'no'],
                ['Auto-delete', q.autoDelete === null ? 'unknown' : q.autoDelete ? 'yes' : 'no'],
                ['Exclusive', q.exclusive === null ? 'unknown' : q.exclusive ? 'yes' : 'no'],
                ['Node', q.node ?? 'unknown'],
                ['Members', data.members?.join(', ') ?? '—'],
                ['Policy', q.policy ?? 'none'],
                ['Memory', formatBytes(data.memory)],
                ['Dead-letter exchange', q.deadLetterExchange === null ? 'none' : q.deadLetterExchange || '(default exchange)'],
                ['Dead-letter routing key', q.deadLetterRoutingKey ?? 'none'],
                ['Message TTL', q.messageTtl === null ? 'none' : `${q.messageTtl} ms`],
                ['Max length', q.maxLength === null ? 'none' : formatCount(q.maxLength)],
                ['Delivery limit', deliveryLimitText(data.readCost)],
                ['Reading (get and requeue)', data.readCost.summary],
              ].map(([k, v]) => (
                <div key={k} className="flex gap-2">
                  <dt className="w-44 shrink-0 text-slate-500">{k}</dt>
                  <dd className="break-all">{v}</dd>
                </div>
              ))}
            </dl>
            <h3 className="mb-1 mt-3 text-xs font-semibold uppercase text-slate-500">Arguments</h3>
            <ArgumentsList args={q.arguments} />
          </section>
          <section className={cardClass} aria-label="Bindings">
            <h2 className="mb-2 text-sm font-semibold">Bindings</h2>
            <BindingsTable conn={conn} bindings={data.bindings} canMutate={canAdminister} />
          </section>
          <section className={cardClass} aria-label="Consumers">
            <h2 className="mb-2 text-sm font-semibold">Consumers</h2>
            {data.consumers.length === 0 ? (
              <p className="text-sm text-slate-500">No consumers.</p>
            ) : (
              <table className={tableClass}>
                <thead>
                  <tr>
                    {['Tag', 'Connection', 'Channel', 'Ack required', 'Prefetch', 'Active', 'Exclusive'].map((h) => (
                      <th key={h} className={thClass}>{h}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {data.consumers.map((c) => (
                    <tr key={`${c.channel}-${c.tag}`}>
                      <td className={`${tdClass} font-mono text-xs`}>{c.tag}</td>
                      <td className={tdClass}>{c.connection ?? 'unknown'}</td>
                      <td className={tdClass}>{c.channel ?? 'unknown'}</td>
                      <td className={tdClass}>{c.ackRequired === null ? 'unknown' : c.ackRequired ? 'yes' : 'no'}</td>
                      <td className={tdClass}>{formatCount(c.prefetch)}</td>
                      <td className={tdClass}>{c.active === null ? 'unknown' : c.active ? 'yes' : 'no'}</td>
                      <td className={tdClass}>{c.exclusive === null ? 'unknown' : c.exclusive ? 'yes' : 'no'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
      )}
    </>
  );
}
