'use client';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import { useBindingsQuery } from '@/lib/query/rabbitmq-browse';
import { useMemo } from 'react';
import type { Binding } from '@/lib/contracts/rabbitmq';
import { BindingsTable, type BindingSortKey } from './bindings-table';
import { nameMatcher, sortBy, type SortDir } from './list-filter';
import { inputClass } from './styles';
import { useCan } from '@/components/connections/use-can';
import { useUrlState } from './use-url-state';
import { VhostSelect } from './vhost-select';

export function BindingList({ conn }: { conn: string }) {
  const url = useUrlState();
  const vhost = url.get('vhost');
  const regex = url.get('regex') === 'true';
  const search = url.get('search');
  const match = useMemo(() => nameMatcher(search, regex), [search, regex]);
  const sort: BindingSortKey = (['vhost', 'source', 'destination', 'routingKey'] as const).find((k) => k === url.get('sort')) ?? 'source';
  const dir: SortDir = url.get('dir') === 'desc' ? 'desc' : 'asc';
  const canAdminister = useCan(conn, 'administration');
  const { data, error, isLoading } = useBindingsQuery(conn, vhost || undefined);
  // One search over source, destination and routing key: "which bindings mention orders".
  const shown = useMemo(
    () => (typeof match === 'string' ? [] : sortBy((data ?? []).filter((b) => match(b.source) || match(b.destination) || match(b.routingKey)), (b: Binding) => b[sort], dir)),
    [data, match, sort, dir],
  );
  const onSort = (key: BindingSortKey) => url.set({ sort: key, dir: sort === key && dir === 'asc' ? 'desc' : 'asc' });
  return (
    <>
      <PageHeader title="Bindings" subtitle={data ? `${shown.length} of ${data.length}` : undefined} />
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <VhostSelect conn={conn} value={vhost} onChange={(v) => url.set({ vhost: v })} />
        <input type="search" aria-label="Search bindings" placeholder={regex ? 'Regex over source, destination, key' : 'Source, destination or key contains…'} className={`${inputClass} w-72`} value={search} onChange={(e) => url.set({ search: e.target.value })} />
        <label className="flex items-center gap-1 text-sm">
          <input type="checkbox" checked={regex} onChange={(e) => url.set({ regex: e.target.checked ? 'true' : undefined })} />
          Regex
        </label>
      </div>
      {typeof match === 'string' && <ErrorNotice error={match} title="Search" />}
      {error && <ErrorNotice error={error} title="Could not list bindings" />}
      {isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {data && <BindingsTable conn={conn} bindings={shown} canMutate={canAdminister} showVhost sorting={{ key: sort, dir, onSort }} />}
    </>
  );
}
