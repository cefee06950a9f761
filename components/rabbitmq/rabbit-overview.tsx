'use client';
import Link from 'next/link';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import { Stat } from '@/components/ui/stat';
import { connectionHref } from '@/components/shell/nav-items';
import { formatBytes, formatCount, formatDuration, formatRate } from '@/lib/format';
import { useRabbitOverviewQuery } from '@/lib/query/rabbitmq-browse';
import { RabbitOverviewCharts } from './rabbit-overview-charts';
import { cardClass, tableClass, tdClass, thClass } from './styles';

const alarm = (v: boolean | null) => (v === null ? 'unknown' : v ? 'ALARM' : 'ok');

export function RabbitOverview({ conn }: { conn: string }) {
  const { data, error, isLoading } = useRabbitOverviewQuery(conn);
  return (
    <>
      <PageHeader
        title={data?.clusterName ?? 'RabbitMQ cluster'}
        subtitle={data ? `RabbitMQ ${data.version ?? 'unknown'} · Erlang ${data.erlangVersion ?? 'unknown'}` : undefined}
        actions={
          <>
            <Link className="text-sm hover:underline" href={connectionHref(conn, 'queues')}>Queues</Link>
            <Link className="text-sm hover:underline" href={connectionHref(conn, 'exchanges')}>Exchanges</Link>
            <Link className="text-sm hover:underline" href={connectionHref(conn, 'rabbitmq/bindings')}>Bindings</Link>
          </>
        }
      />
      {error && <ErrorNotice error={error} title="Could not load the overview" />}
      {isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {data && (
        <div className="space-y-4">
          <section className={cardClass} aria-label="Totals">
            <dl className="grid grid-cols-2 gap-4 sm:grid-cols-5">
              <Stat label="Connections" value={formatCount(data.totals.connections)} />
              <Stat label="Channels" value={formatCount(data.totals.channels)} />
              <Stat label="Exchanges" value={formatCount(data.totals.exchanges)} />
              <Stat label="Queues" value={formatCount(data.totals.queues)} testId="total-queues" />
              <Stat label="Consumers" value={formatCount(data.totals.consumers)} />
              <Stat label="Ready" value={formatCount(data.queued.ready)} testId="queued-ready" />
              <Stat label="Unacked" value={formatCount(data.queued.unacked)} />
              <Stat label="Total queued" value={formatCount(data.queued.total)} />
            </dl>
          </section>
          <section className={cardClass} aria-label="Message rates">
            <h2 className="mb-2 text-sm font-semibold">Message rates</h2>
            <dl className="grid grid-cols-2 gap-4 sm:grid-cols-5">
              <Stat label="Publish" value={formatRate(data.rates.publish)} />
              <Stat label="Deliver" value={formatRate(data.rates.deliver)} />
              <Stat label="Ack" value={formatRate(data.rates.ack)} />
              <Stat label="Redeliver" value={formatRate(data.rates.redeliver)} />
              <Stat label="Unroutable" value={formatRate(data.rates.unroutable)} />
            </dl>
          </section>
          <RabbitOverviewCharts conn={conn} />
          <section className={cardClass} aria-label="Nodes">
            <div className="mb-2 flex items-baseline justify-between gap-2">
              <h2 className="text-sm font-semibold">Nodes</h2>
              <Link className="text-sm hover:underline" href={connectionHref(conn, 'rabbitmq/nodes')}>Node health, checks and feature flags</Link>
            </div>
            <table className={tableClass}>
              <thead>
                <tr>
                  {['Node', 'Version', 'Running', 'Memory', 'Memory alarm', 'Disk free', 'Disk alarm', 'Uptime'].map((h) => (
                    <th key={h} className={thClass}>{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.nodes.map((n) => (
                  <tr key={n.name}>
                    <td className={`${tdClass} font-mono text-xs`}>{n.name}</td>
                    <td className={tdClass}>{n.version ?? 'unknown'}</td>
                    <td className={tdClass}>{n.running === null ? 'unknown' : n.running ? 'yes' : 'no'}</td>
                    <td className={tdClass}>{`${formatBytes(n.memoryUsed)} of ${formatBytes(n.memoryLimit)}`}</td>
                    <td className={`${tdClass} ${n.memoryAlarm ? 'font-semibold text-red-600' : ''}`}>{alarm(n.memoryAlarm)}</td>
                    <td className={tdClass}>{`${formatBytes(n.diskFree)} (limit ${formatBytes(n.diskFreeLimit)})`}</td>
                    <td className={`${tdClass} ${n.diskAlarm ? 'font-semibold text-red-600' : ''}`}>{alarm(n.diskAlarm)}</td>
                    <td className={tdClass}>{formatDuration(n.uptimeMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      )}
    </>
  );
}
