'use client';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { connectionHref } from '@/components/shell/nav-items';
import { connectionSortSchema, type ConnectionSort } from '@/lib/contracts/rabbitmq-connections';
import { formatCount } from '@/lib/format';
import { useClientConnectionsQuery } from '@/lib/query/rabbitmq-connections';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import { ConnectionTable } from './connection-table';
import { inputClass, secondaryButtonClass } from './styles';
import { useUrlState } from './use-url-state';

/** The broker cuts pages this large; the table renders only the rows in view. */
const PAGE_SIZE = 500;
const SEARCH_DEBOUNCE_MS = 300;

export function ConnectionList({ conn }: { conn: string }) {
  const url = useUrlState();
  const search = url.get('search');
  const regex = url.get('regex') === 'true';
  const sortParsed = connectionSortSchema.safeParse(url.get('sort'));
  const sort: ConnectionSort = sortParsed.success ? sortParsed.data : 'clientName';
  const order = url.get('order') === 'desc' ? 'desc' : 'asc';
  const page = Math.max(1, Number(url.get('page')) || 1);
  const [draft, setDraft] = useState(search);
  const [seenSearch, setSeenSearch] = useState(search);
  if (search !== seenSearch) {
    setSeenSearch(search);
    setDraft(search);
  }
  useEffect(() => {
    if (draft === search) return;
    const t = setTimeout(() => url.set({ search: draft, page: undefined }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [draft, search, url]);

  const { data, error, isFetching, isLoading } = useClientConnectionsQuery(conn, { search: search || undefined, regex: regex ? 'true' : undefined, sort, order, page, pageSize: PAGE_SIZE });
  const onSort = (key: ConnectionSort) => url.set({ sort: key, order: sort === key && order === 'asc' ? 'desc' : 'asc', page: undefined });

  return (
    <>
      <PageHeader
        title="Connections"
        subtitle={data ? `${formatCount(data.filteredCount)} of ${formatCount(data.totalCount)} client connections${isFetching ? ' · refreshing' : ''}` : undefined}
        actions={
          <>
            <Link className={secondaryButtonClass} href={connectionHref(conn, 'rabbitmq/channels')}>
              All channels
            </Link>
            <Link className={secondaryButtonClass} href={connectionHref(conn, 'rabbitmq/consumers')}>
              All consumers
            </Link>
          </>
        }
      />
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <input
          type="search"
          aria-label="Search connections"
          title="Matches the connection's name: the client's address and port, and the listener"
          placeholder={regex ? 'Regex, e.g. ^10\\.0\\.' : 'Address contains…'}
          className={`${inputClass} w-72`}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <label className="flex items-center gap-1 text-sm">
          <input type="checkbox" checked={regex} onChange={(e) => url.set({ regex: e.target.checked ? 'true' : undefined, page: undefined })} />
          Regex
        </label>
      </div>
      {error && <ErrorNotice error={error} title="Could not list connections" />}
      {isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {data && (
        <>
          <ConnectionTable conn={conn} rows={data.connections} sort={sort} order={order} onSort={onSort} />
          {data.pageCount > 1 && (
            <nav aria-label="Pages" className="mt-3 flex items-center gap-2 text-sm">
              <button type="button" className={secondaryButtonClass} disabled={data.page <= 1} onClick={() => url.set({ page: String(data.page - 1) })}>
                Previous
              </button>
              <span data-testid="page-info">
                Page {data.page} of {data.pageCount}
              </span>
              <button type="button" className={secondaryButtonClass} disabled={data.page >= data.pageCount} onClick={() => url.set({ page: String(data.page + 1) })}>
                Next
              </button>
            </nav>
          )}
        </>
      )}
    </>
  );
}
