'use client';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import { formatRate } from '@/lib/format';
import { useExchangesQuery } from '@/lib/query/rabbitmq-browse';
import { ArgumentsList } from './arguments-list';
import { ExchangeCreateForm } from './exchange-create-form';
import { exchangeHref, exchangeLabel } from './links';
import { inputClass, secondaryButtonClass, tableClass, tdClass, thClass } from './styles';
import { useCan } from '@/components/connections/use-can';
import { useUrlState } from './use-url-state';
import { VhostSelect } from './vhost-select';

const flag = (on: boolean, label: string) => (on ? <span className="mr-1 rounded bg-slate-100 px-1 text-xs dark:bg-slate-800">{label}</span> : null);

/** Exchanges are few (tens, not thousands): listed whole and filtered in the browser. */
export function ExchangeList({ conn }: { conn: string }) {
  const url = useUrlState();
  const vhost = url.get('vhost');
  const search = url.get('search');
  const canAdminister = useCan(conn, 'administration');
  const [creating, setCreating] = useState(false);
  const { data, error, isLoading } = useExchangesQuery(conn, vhost || undefined);
  const shown = useMemo(() => (data ?? []).filter((e) => exchangeLabel(e.name).toLowerCase().includes(search.toLowerCase())), [data, search]);
  return (
    <>
      <PageHeader
        title="Exchanges"
        subtitle={data ? `${shown.length} of ${data.length}` : undefined}
        actions={canAdminister && <button type="button" className={secondaryButtonClass} onClick={() => setCreating((v) => !v)}>{creating ? 'Close' : 'New exchange'}</button>}
      />
      {creating && <ExchangeCreateForm conn={conn} defaultVhost={vhost || '/'} onDone={() => setCreating(false)} />}
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <VhostSelect conn={conn} value={vhost} onChange={(v) => url.set({ vhost: v })} />
        <input type="search" aria-label="Search exchanges" placeholder="Name contains…" className={`${inputClass} w-72`} value={search} onChange={(e) => url.set({ search: e.target.value })} />
      </div>
      {error && <ErrorNotice error={error} title="Could not list exchanges" />}
      {isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {data && (
        <div className="overflow-x-auto">
          <table className={tableClass} data-testid="exchange-table">
            <thead>
              <tr>
                {['Vhost', 'Name', 'Type', 'Features', 'Arguments', 'Publish in', 'Publish out'].map((h) => (
                  <th key={h} className={thClass}>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <tr key={`${e.vhost}\u0000${e.name}`} data-testid="exchange-row">
                  <td className={tdClass}>{e.vhost}</td>
                  <td className={`${tdClass} font-medium`}>
                    <Link className="hover:underline" href={exchangeHref(conn, e.vhost, e.name)}>
                      {exchangeLabel(e.name)}
                    </Link>
                  </td>
                  <td className={tdClass}>{e.type}</td>
                  <td className={tdClass}>
                    {flag(e.durable, 'durable')}
                    {flag(e.autoDelete, 'auto-delete')}
                    {flag(e.internal, 'internal')}
                  </td>
                  <td className={tdClass}>
                    <ArgumentsList args={e.arguments} />
                  </td>
                  <td className={`${tdClass} tabular-nums`}>{formatRate(e.publishInRate)}</td>
                  <td className={`${tdClass} tabular-nums`}>{formatRate(e.publishOutRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
