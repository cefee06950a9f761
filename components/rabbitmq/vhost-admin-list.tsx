'use client';
import { useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import type { VhostAdmin } from '@/lib/contracts/rabbitmq-access';
import { formatCount } from '@/lib/format';
import { useVhostAdminQuery } from '@/lib/query/rabbitmq-access';
import { buttonClass, secondaryButtonClass, tableClass, tdClass, thClass } from './styles';
import { VhostDelete } from './vhost-delete';
import { VhostForm } from './vhost-form';
import { VhostLimitsForm } from './vhost-limits-form';

type Open = { kind: 'create' } | { kind: 'edit' | 'limits' | 'delete'; vhost: VhostAdmin };

const limitText = (v: number | null) => (v === null ? 'none' : v === -1 ? 'unlimited' : formatCount(v));
const count = (v: number | null) => (v === null ? 'unknown' : formatCount(v));

/** Virtual hosts with their limits and what is in them; create, edit, limit and delete (admin only, server-checked). */
export function VhostAdminList({ conn }: { conn: string }) {
  const { data, error, isLoading } = useVhostAdminQuery(conn);
  const [open, setOpen] = useState<Open | null>(null);
  const current = open && open.kind !== 'create' ? (data?.vhosts.find((v) => v.name === open.vhost.name) ?? open.vhost) : undefined;
  return (
    <>
      <PageHeader
        title="Virtual hosts"
        subtitle={data ? `${data.vhosts.length} vhost${data.vhosts.length === 1 ? '' : 's'} · Wharf's AMQP URL opens ${data.wharfVhost}` : undefined}
        actions={
          <button type="button" className={buttonClass} onClick={() => setOpen({ kind: 'create' })}>
            New vhost
          </button>
        }
      />
      {error && <ErrorNotice error={error} title="Could not list vhosts" />}
      {isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {data && (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <table className={tableClass} aria-label="Virtual hosts">
            <thead>
              <tr>
                <th className={thClass}>Name</th>
                <th className={thClass}>Description</th>
                <th className={thClass}>Tags</th>
                {data.defaultQueueTypeSupported && <th className={thClass}>Default queue type</th>}
                <th className={`${thClass} text-right`}>Queues</th>
                <th className={`${thClass} text-right`}>Messages</th>
                <th className={`${thClass} text-right`}>Exchanges</th>
                <th className={`${thClass} text-right`}>Connections</th>
                <th className={thClass}>Limits (connections / queues)</th>
                <th className={thClass} />
              </tr>
            </thead>
            <tbody>
              {data.vhosts.map((v) => (
                <tr key={v.name} data-testid="vhost-row">
                  <td className={`${tdClass} min-w-[12rem] break-all font-medium`}>{v.name}</td>
                  <td className={tdClass}>{v.description || <span className="text-slate-400">—</span>}</td>
                  <td className={tdClass}>{v.tags.join(', ') || <span className="text-slate-400">none</span>}</td>
                  {data.defaultQueueTypeSupported && <td className={tdClass}>{v.defaultQueueType ?? 'not set'}</td>}
                  <td className={`${tdClass} text-right tabular-nums`}>{count(v.queues)}</td>
                  <td className={`${tdClass} text-right tabular-nums`}>{count(v.messages)}</td>
                  <td className={`${tdClass} text-right tabular-nums`}>{count(v.exchanges)}</td>
                  <td className={`${tdClass} text-right tabular-nums`}>{count(v.connections)}</td>
                  <td className={tdClass} data-testid="vhost-limits">
                    {limitText(v.limits.maxConnections)} / {limitText(v.limits.maxQueues)}
                  </td>
                  <td className={`${tdClass} whitespace-nowrap`}>
                    <div className="flex justify-end gap-1">
                      <button type="button" className={secondaryButtonClass} onClick={() => setOpen({ kind: 'edit', vhost: v })}>
                        Edit
                      </button>
                      <button type="button" className={secondaryButtonClass} onClick={() => setOpen({ kind: 'limits', vhost: v })}>
                        Limits
                      </button>
                      <button
                        type="button"
                        className={secondaryButtonClass}
                        disabled={v.name === data.wharfVhost}
                        title={v.name === data.wharfVhost ? "Wharf's AMQP URL opens this vhost" : undefined}
                        onClick={() => setOpen({ kind: 'delete', vhost: v })}
                      >
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open?.kind === 'create' && data && <VhostForm conn={conn} defaultQueueTypeSupported={data.defaultQueueTypeSupported} onClose={() => setOpen(null)} />}
      {open?.kind === 'edit' && current && data && <VhostForm conn={conn} vhost={current} defaultQueueTypeSupported={data.defaultQueueTypeSupported} onClose={() => setOpen(null)} />}
      {open?.kind === 'limits' && current && <VhostLimitsForm conn={conn} vhost={current} onClose={() => setOpen(null)} />}
      {open?.kind === 'delete' && <VhostDelete conn={conn} vhost={open.vhost.name} onClose={() => setOpen(null)} />}
    </>
  );
}
