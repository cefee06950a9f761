'use client';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import type { Exchange } from '@/lib/contracts/rabbitmq';
import { formatRate } from '@/lib/format';
import { useExchangesQuery } from '@/lib/query/rabbitmq-browse';
import { ArgumentsList } from './arguments-list';
import { nameMatcher, sortBy, type SortDir } from './list-filter';
import { SortHeader } from './sort-header';
import { ExchangeCreateForm } from './exchange-create-form';
import { exchangeHref, exchangeLabel } from './links';
import { inputClass, secondaryButtonClass, tableClass, tdClass, thClass } from './styles';
import { useCan } from '@/components/connections/use-can';
import { useUrlState } from './use-url-state';
import { VhostSelect } from './vhost-select';

const flag = (on: boolean, label: string) => (on ? <span className="mr-1 rounded bg-slate-100 px-1 text-xs dark:bg-slate-800">{label}</span> : null);

const SORTS = {
  vhost: (e: Exchange) => e.vhost,
  name: (e: Exchange) => exchangeLabel(e.name),
  type: (e: Exchange) => e.type,
  publishIn: (e: Exchange) => e.publishInRate,
  publishOut: (e: Exchange) => e.publishOutRate,
} as const;
type SortKey = keyof typeof SORTS;
const COLUMNS: Array<{ label: string; sort?: SortKey; numeric?: boolean }> = [
  { label: 'Vhost', sort: 'vhost' },
  { label: 'Name', sort: 'name' },
  { label: 'Type', sort: 'type' },
  { label: 'Features' },
  { label: 'Arguments' },
  { label: 'Publish in', sort: 'publishIn', numeric: true },
  { label: 'Publish out', sort: 'publishOut', numeric: true },
];

/** Exchanges are few (tens, not thousands): listed whole, filtered and sorted in the browser. */
export function ExchangeList({ conn }: { conn: string }) {
  const url = useUrlState();
  const vhost = url.get('vhost');
  const search = url.get('search');
  const regex = url.get('regex') === 'true';
  const sort: SortKey = url.get('sort') in SORTS ? (url.get('sort') as SortKey) : 'name';
  const dir: SortDir = url.get('dir') === 'desc' ? 'desc' : 'asc';
  const match = useMemo(() => nameMatcher(search, regex), [search, regex]);
  const canAdminister = useCan(conn, 'administration');
  const [creating, setCreating] = useState(false);
  const { data, error, isLoading } = useExchangesQuery(conn, vhost || undefined);
  const shown = useMemo(() => (typeof match === 'string' ? [] : sortBy((data ?? []).filter((e) => match(exchangeLabel(e.name))), SORTS[sort], dir)), [data, match, sort, dir]);
  const onSort = (key: SortKey) => url.set({ sort: key, dir: sort === key && dir === 'asc' ? 'desc' : 'asc' });
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
        <input type="search" aria-label="Search exchanges" placeholder={regex ? 'Regex, e.g. ^shop\\.' : 'Name contains…'} className={`${inputClass} w-72`} value={search} onChange={(e) => url.set({ search: e.target.value })} />
        <label className="flex items-center gap-1 text-sm">
          <input type="checkbox" checked={regex} onChange={(e) => url.set({ regex: e.target.checked ? 'true' : undefined })} />
          Regex
        </label>
      </div>
      {typeof match === 'string' && <ErrorNotice error={match} title="Search" />}
      {error && <ErrorNotice error={error} title="Could not list exchanges" />}
      {isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {data && (
        <div className="overflow-x-auto">
          <table className={tableClass} data-testid="exchange-table">
            <thead>
              <tr>
                {COLUMNS.map((c) =>
                  c.sort ? (
                    <SortHeader key={c.label} label={c.label} numeric={c.numeric} active={sort === c.sort} dir={dir} onSort={() => onSort(c.sort as SortKey)} />
                  ) : (
                    <th key={c.label} className={thClass}>
                      {c.label}
                    </th>
                  ),
                )}
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
