'use client';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import { formatCount } from '@/lib/format';
import { useConsumersQuery } from '@/lib/query/rabbitmq-connections';
import { ConsumerTable } from './consumer-table';
import { useUrlState } from './use-url-state';
import { VhostSelect } from './vhost-select';

export function ConsumerList({ conn }: { conn: string }) {
  const url = useUrlState();
  const vhost = url.get('vhost');
  const { data, error, isLoading } = useConsumersQuery(conn, vhost || undefined);
  return (
    <>
      <PageHeader title="Consumers" subtitle={data ? `${formatCount(data.length)} consumers` : undefined} />
      <div className="mb-3">
        <VhostSelect conn={conn} value={vhost} onChange={(v) => url.set({ vhost: v })} />
      </div>
      {error && <ErrorNotice error={error} title="Could not list consumers" />}
      {isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {data && <ConsumerTable conn={conn} consumers={data} />}
    </>
  );
}
