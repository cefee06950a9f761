'use client';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import { useConnectionsQuery } from '@/lib/query/connections';
import { ConnectionCard } from './connection-card';

export function ConnectionsOverview() {
  const { data, error, isPending } = useConnectionsQuery();
  const up = data?.connections.filter((c) => c.status.state !== 'down').length ?? 0;
  return (
    <>
      <PageHeader title="Connections" subtitle={data ? `${up} of ${data.connections.length} reachable` : 'Checking brokers…'} />
      {error && <ErrorNotice error={error} title="Could not load connections" />}
      {isPending && <p className="text-sm text-slate-500">Loading…</p>}
      <div className="grid gap-4">
        {data?.connections.map((c) => (
          <ConnectionCard key={c.id} connection={c} />
        ))}
      </div>
    </>
  );
}
