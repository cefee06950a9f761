'use client';
import Link from 'next/link';
import { useCan } from '@/components/connections/use-can';
import { connectionHref } from '@/components/shell/nav-items';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import { Stat } from '@/components/ui/stat';
import type { AmqpChannel } from '@/lib/contracts/rabbitmq-connections';
import { formatBytes, formatCount, formatRate } from '@/lib/format';
import { useClientConnectionQuery } from '@/lib/query/rabbitmq-connections';
import { ConnectionClose } from './connection-close';
import { ConnectionState } from './connection-state';
import { cardClass, tableClass, tdClass, thClass } from './styles';

const mode = (c: AmqpChannel) => (c.mode === null ? 'unknown' : c.mode === 'none' ? '—' : c.mode === 'tx' ? 'transactional' : 'confirm');
const prefetch = (v: number | null) => (v === null ? 'unknown' : v === 0 ? 'unlimited' : formatCount(v));

export function ConnectionDetailView({ conn, name }: { conn: string; name: string }) {
  const { data, error, isLoading } = useClientConnectionQuery(conn, name);
  const canClose = useCan(conn, 'administration');
  const c = data?.connection;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link className="text-sky-700 hover:underline dark:text-sky-400" href={connectionHref(conn, 'rabbitmq/connections')}>
          ← Connections
        </Link>
      </p>
      <PageHeader title={c?.clientName ?? name} subtitle={<span className="font-mono">{name}</span>} actions={c && canClose && <ConnectionClose conn={conn} name={name} label={c.clientName ?? name} channels={c.channels} />} />
      {error && <ErrorNotice error={error} title="Could not load the connection" />}
      {isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {c && data && (
        <div className="space-y-4">
          <section className={cardClass} aria-label="Connection">
            <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4 lg:grid-cols-6">
              <Stat label="User" value={c.user ?? 'unknown'} />
              <Stat label="Vhost" value={c.vhost ?? 'unknown'} />
              <Stat label="Protocol" value={c.protocol ?? 'unknown'} />
              <Stat label="TLS" value={c.tls === null ? 'unknown' : c.tls ? (c.tlsProtocol ?? 'yes') : 'no'} />
              <Stat label="Channels" value={formatCount(c.channels)} testId="connection-channels" />
              <Stat label="Peer" value={c.peerHost === null ? 'unknown' : `${c.peerHost}:${c.peerPort ?? '?'}`} />
              <Stat label="Receive" value={c.recvRate === null ? 'unknown' : `${formatBytes(c.recvRate)}/s`} />
              <Stat label="Send" value={c.sendRate === null ? 'unknown' : `${formatBytes(c.sendRate)}/s`} />
              <Stat label="Client" value={[c.clientProduct, c.clientVersion].filter(Boolean).join(' ') || 'unknown'} />
              <Stat label="Auth" value={c.authMechanism ?? 'unknown'} />
              <Stat label="Heartbeat" value={c.heartbeatSeconds === null ? 'unknown' : `${c.heartbeatSeconds} s`} />
              <Stat label="Node" value={c.node ?? 'unknown'} />
            </dl>
            <p className="mt-3 text-sm">
              State: <ConnectionState c={c} />
              {c.stateReason && <span className="ml-2 text-slate-600 dark:text-slate-300">{c.stateReason}</span>}
            </p>
          </section>
          <section className={cardClass} aria-label="Channels">
            <h2 className="mb-2 text-sm font-semibold">Channels</h2>
            {data.channels.length === 0 ? (
              <p className="text-sm text-slate-500">No channels.</p>
            ) : (
              <div className="overflow-x-auto">
                <table className={tableClass} data-testid="channel-table">
                  <thead>
                    <tr>
                      {['Channel', 'State', 'Mode', 'Prefetch', 'Global prefetch', 'Unacked', 'Unconfirmed', 'Consumers', 'Publish', 'Deliver', 'Ack'].map((h) => (
                        <th key={h} className={thClass}>
                          {h}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {data.channels.map((ch) => (
                      <tr key={ch.name} data-testid="channel-row">
                        <td className={tdClass}>{ch.number ?? ch.name}</td>
                        <td className={tdClass}>{ch.state ?? 'unknown'}</td>
                        <td className={tdClass}>{mode(ch)}</td>
                        <td className={`${tdClass} tabular-nums`}>{prefetch(ch.prefetch)}</td>
                        <td className={`${tdClass} tabular-nums`}>{prefetch(ch.globalPrefetch)}</td>
                        <td className={`${tdClass} tabular-nums`}>{formatCount(ch.unacked)}</td>
                        <td className={`${tdClass} tabular-nums`}>{formatCount(ch.unconfirmed)}</td>
                        <td className={`${tdClass} tabular-nums`}>{formatCount(ch.consumers)}</td>
                        <td className={`${tdClass} tabular-nums`}>{formatRate(ch.publishRate, '/s')}</td>
                        <td className={`${tdClass} tabular-nums`}>{formatRate(ch.deliverRate, '/s')}</td>
                        <td className={`${tdClass} tabular-nums`}>{formatRate(ch.ackRate, '/s')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </div>
      )}
    </>
  );
}
