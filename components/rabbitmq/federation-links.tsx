'use client';
import { ErrorNotice } from '@/components/ui/error-notice';
import type { FederationLink } from '@/lib/contracts/rabbitmq-shovels';
import { useFederationQuery, useRestartFederationLinkMutation } from '@/lib/query/rabbitmq-shovels';
import { ShovelState } from './shovel-state';
import { secondaryButtonClass, tableClass, tdClass, thClass } from './styles';

/** Federation links and the upstreams they read from; a link in error says why (the broker's words). */
export function FederationLinks({ conn, vhost, canAdminister }: { conn: string; vhost: string | undefined; canAdminister: boolean }) {
  const { data, error, isLoading } = useFederationQuery(conn, vhost);
  const restart = useRestartFederationLinkMutation(conn);
  const target = (l: FederationLink) => `${l.type} ${l.target ?? 'unknown'}`;
  return (
    <section aria-label="Federation links" className="mt-8">
      <h2 className="mb-2 text-lg font-semibold">Federation links</h2>
      {error && <ErrorNotice error={error} title="Could not list federation links" />}
      {restart.error && <ErrorNotice error={restart.error} title="Could not restart the link" />}
      {isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {data && (
        <>
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
            <table className={tableClass} aria-label="Federation links">
              <thead>
                <tr>
                  {['Vhost', 'Federated', 'Upstream', 'Upstream URI', 'Reads', 'Status', 'Node', 'Last error', ''].map((h) => (
                    <th key={h} className={thClass}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.links.map((l) => (
                  <tr key={`${l.vhost}/${l.id}/${l.node ?? ''}`} data-testid="federation-link-row">
                    <td className={tdClass}>{l.vhost}</td>
                    <td className={`${tdClass} font-mono text-xs`}>{target(l)}</td>
                    <td className={tdClass}>{l.upstream}</td>
                    <td className={`${tdClass} max-w-64 truncate text-xs`} title={l.uri ?? undefined}>
                      {l.uri ?? 'unknown'}
                    </td>
                    <td className={`${tdClass} font-mono text-xs`}>{l.upstreamTarget ?? 'unknown'}</td>
                    <td className={tdClass} title={l.timestamp ? `since ${l.timestamp}` : undefined}>
                      <ShovelState state={l.status} />
                    </td>
                    <td className={`${tdClass} text-xs`}>{l.node ?? 'unknown'}</td>
                    <td className={`${tdClass} max-w-72 truncate text-xs text-red-700 dark:text-red-400`} title={l.error ?? undefined}>
                      {l.error ?? ''}
                    </td>
                    <td className={tdClass}>
                      {canAdminister && l.node && (
                        <button type="button" className={secondaryButtonClass} disabled={restart.isPending} onClick={() => restart.mutate({ vhost: l.vhost, id: l.id, node: l.node! })} aria-label={`Restart link ${l.upstream} ${target(l)}`}>
                          Restart
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {data.links.length === 0 && <p className="p-6 text-center text-sm text-slate-500">No federation links. A policy with federation-upstream or federation-upstream-set starts them.</p>}
          </div>
          <h3 className="mb-2 mt-6 text-base font-semibold">Upstreams</h3>
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
            <table className={tableClass} aria-label="Federation upstreams">
              <thead>
                <tr>
                  {['Vhost', 'Name', 'URI', 'Ack mode', 'Prefetch', 'Reconnect delay', 'Max hops'].map((h) => (
                    <th key={h} className={thClass}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.upstreams.map((u) => (
                  <tr key={`${u.vhost}/${u.name}`}>
                    <td className={tdClass}>{u.vhost}</td>
                    <td className={tdClass}>{u.name}</td>
                    <td className={`${tdClass} max-w-72 truncate text-xs`}>{u.uris.join(', ')}</td>
                    <td className={tdClass}>{u.ackMode ?? 'default'}</td>
                    <td className={tdClass}>{u.prefetch ?? 'default'}</td>
                    <td className={tdClass}>{u.reconnectDelay === null ? 'default' : `${u.reconnectDelay} s`}</td>
                    <td className={tdClass}>{u.maxHops ?? 'default'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {data.upstreams.length === 0 && <p className="p-6 text-center text-sm text-slate-500">No federation upstreams.</p>}
          </div>
        </>
      )}
    </section>
  );
}
