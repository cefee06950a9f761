'use client';
import Link from 'next/link';
import { useState } from 'react';
import { useCan } from '@/components/connections/use-can';
import { useUrlState } from '@/components/rabbitmq/use-url-state';
import { connectionHref } from '@/components/shell/nav-items';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import { input } from '@/components/ui/styles';
import type { BrokerConfigEntry } from '@/lib/contracts/broker-configs';
import { useBrokerConfigsQuery, type BrokerScope } from '@/lib/query/broker-configs';
import { useBrokersQuery } from '@/lib/query/kafka-topics';
import { BrokerConfigDialog } from './broker-config-dialog';
import { BrokerConfigTable } from './broker-config-table';

const scopeLink = (active: boolean) =>
  `rounded-md px-2.5 py-1 text-sm ${active ? 'bg-sky-600 text-white' : 'border border-slate-300 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800'}`;

/** The configs of one broker, or the cluster-wide defaults, with filters kept in the URL. */
export function BrokerConfigsView({ conn, scope }: { conn: string; scope: BrokerScope }) {
  const { data, error, isLoading } = useBrokerConfigsQuery(conn, scope);
  const brokers = useBrokersQuery(conn).data?.brokers ?? [];
  const canEdit = useCan(conn, 'administration');
  const url = useUrlState();
  const [editing, setEditing] = useState<BrokerConfigEntry | null>(null);
  const q = url.get('q').toLowerCase();
  const onlySet = url.get('set') === '1';
  const onlyDynamic = url.get('dynamic') === '1';
  const rows = (data?.configs ?? []).filter((c) => (!q || c.name.includes(q)) && (!onlySet || c.setHere) && (!onlyDynamic || !c.readOnly));
  const setCount = data?.configs.filter((c) => c.setHere).length ?? 0;
  const title = scope === 'cluster' ? 'Cluster-wide broker configs' : `Broker ${scope} configs`;

  return (
    <>
      <PageHeader
        title={title}
        subtitle={
          scope === 'cluster'
            ? `Defaults for every broker that has no override of its own${data?.referenceBroker != null ? `; keys and lower levels as broker ${data.referenceBroker} has them` : ''}`
            : 'Dynamic changes take effect without a restart; keys marked "restart" come from server.properties'
        }
      />
      <nav aria-label="Config scope" className="mb-4 flex flex-wrap gap-2">
        <Link href={`${connectionHref(conn, 'brokers')}/cluster`} className={scopeLink(scope === 'cluster')} aria-current={scope === 'cluster' ? 'page' : undefined}>
          Cluster-wide
        </Link>
        {brokers.map((b) => (
          <Link key={b.id} href={`${connectionHref(conn, 'brokers')}/${b.id}`} className={scopeLink(scope === b.id)} aria-current={scope === b.id ? 'page' : undefined}>
            Broker {b.id}
          </Link>
        ))}
      </nav>
      <div className="mb-3 flex flex-wrap items-center gap-4">
        <input className={`${input} w-72`} type="search" placeholder="Filter by name" aria-label="Filter configs by name" value={url.get('q')} onChange={(e) => url.set({ q: e.target.value })} />
        <label className="flex items-center gap-1.5 text-sm">
          <input type="checkbox" checked={onlySet} onChange={(e) => url.set({ set: e.target.checked ? '1' : undefined })} /> Only set {scope === 'cluster' ? 'cluster-wide' : 'on this broker'} ({setCount})
        </label>
        <label className="flex items-center gap-1.5 text-sm">
          <input type="checkbox" checked={onlyDynamic} onChange={(e) => url.set({ dynamic: e.target.checked ? '1' : undefined })} /> Only dynamic
        </label>
        <span className="text-sm text-slate-500">
          {rows.length} of {data?.configs.length ?? 0}
        </span>
      </div>
      {error && <ErrorNotice error={error} title={`Could not load ${title.toLowerCase()}`} />}
      {isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {data && <BrokerConfigTable rows={rows} canEdit={canEdit} onEdit={setEditing} />}
      {editing && <BrokerConfigDialog conn={conn} scope={scope} entry={editing} onClose={() => setEditing(null)} />}
    </>
  );
}
