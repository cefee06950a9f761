'use client';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import { useBindingsQuery } from '@/lib/query/rabbitmq-browse';
import { BindingsTable } from './bindings-table';
import { inputClass } from './styles';
import { useCan } from '@/components/connections/use-can';
import { useUrlState } from './use-url-state';
import { VhostSelect } from './vhost-select';

export function BindingList({ conn }: { conn: string }) {
  const url = useUrlState();
  const vhost = url.get('vhost');
  const search = url.get('search').toLowerCase();
  const canAdminister = useCan(conn, 'administration');
  const { data, error, isLoading } = useBindingsQuery(conn, vhost || undefined);
  const shown = (data ?? []).filter((b) => !search || b.source.toLowerCase().includes(search) || b.destination.toLowerCase().includes(search) || b.routingKey.toLowerCase().includes(search));
  return (
    <>
      <PageHeader title="Bindings" subtitle={data ? `${shown.length} of ${data.length}` : undefined} />
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <VhostSelect conn={conn} value={vhost} onChange={(v) => url.set({ vhost: v })} />
        <input type="search" aria-label="Search bindings" placeholder="Source, destination or key contains…" className={`${inputClass} w-72`} value={url.get('search')} onChange={(e) => url.set({ search: e.target.value })} />
      </div>
      {error && <ErrorNotice error={error} title="Could not list bindings" />}
      {isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {data && <BindingsTable conn={conn} bindings={shown} canMutate={canAdminister} showVhost />}
    </>
  );
}
