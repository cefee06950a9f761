'use client';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import { useConnectionQuery } from '@/lib/query/connections';
import { formatAge } from '@/lib/format';
import { ConnectionCard } from './connection-card';

export function ConnectionOverview({ id }: { id: string }) {
  const { data, error } = useConnectionQuery(id);
  return (
    <>
      <PageHeader title={data?.name ?? id} subtitle={data ? `checked ${formatAge(data.status.checkedAt)}` : undefined} />
      {error && <ErrorNotice error={error} title="Could not load this connection" />}
      {data && <ConnectionCard connection={data} />}
    </>
  );
}
