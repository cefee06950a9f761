'use client';
import { useEffect, useState } from 'react';
import { queueSortSchema, type QueueSort } from '@/lib/contracts/rabbitmq';
import { formatCount } from '@/lib/format';
import { useQueuesQuery } from '@/lib/query/rabbitmq-browse';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import { QueueCreateForm } from './queue-create-form';
import { QueueTable } from './queue-table';
import { inputClass, secondaryButtonClass } from './styles';
import { useCan } from '@/components/connections/use-can';
import { useUrlState } from './use-url-state';
import { VhostSelect } from './vhost-select';

const PAGE_SIZE = 50;
/** Typing waits this long before asking the broker, so a 10,000-queue search is not re-run per keystroke. */
const SEARCH_DEBOUNCE_MS = 300;

export function QueueList({ conn }: { conn: string }) {
  const url = useUrlState();
  const canAdminister = useCan(conn, 'administration');
  const [creating, setCreating] = useState(false);
  const vhost = url.get('vhost');
  const search = url.get('search');
  const regex = url.get('regex') === 'true';
  const sortParsed = queueSortSchema.safeParse(url.get('sort'));
  const sort: QueueSort = sortParsed.success ? sortParsed.data : 'name';
  const order = url.get('order') === 'desc' ? 'desc' : 'asc';
  const page = Math.max(1, Number(url.get('page')) || 1);
  const [draft, setDraft] = useState(search);
  const [seenSearch, setSeenSearch] = useState(search);
  // The URL changed from outside (back button, link): show its search in the box.
  if (search !== seenSearch) {
    setSeenSearch(search);
    setDraft(search);
  }
  useEffect(() => {
    if (draft === search) return;
    const t = setTimeout(() => url.set({ search: draft, page: undefined }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [draft, search, url]);

  const { data, error, isFetching, isLoading } = useQueuesQuery(conn, {
    vhost: vhost || undefined,
    search: search || undefined,
    regex: regex ? 'true' : undefined,
    sort,
    order,
    page,
    pageSize: PAGE_SIZE,
  });

  const onSort = (key: QueueSort) => url.set({ sort: key, order: sort === key && order === 'asc' ? 'desc' : 'asc', page: undefined });

  return (
    <>
      <PageHeader
        title="Queues"
        subtitle={data ? `${formatCount(data.filteredCount)} of ${formatCount(data.totalCount)} queues${isFetching ? ' · refreshing' : ''}` : undefined}
        actions={canAdminister && <button type="button" className={secondaryButtonClass} onClick={() => setCreating((v) => !v)}>{creating ? 'Close' : 'New queue'}</button>}
      />
      {creating && <QueueCreateForm conn={conn} defaultVhost={vhost || '/'} onDone={() => setCreating(false)} />}
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <VhostSelect conn={conn} value={vhost} onChange={(v) => url.set({ vhost: v, page: undefined })} />
        <input type="search" aria-label="Search queues" placeholder={regex ? 'Regex, e.g. ^orders\\.' : 'Name contains…'} className={`${inputClass} w-72`} value={draft} onChange={(e) => setDraft(e.target.value)} />
        <label className="flex items-center gap-1 text-sm">
          <input type="checkbox" checked={regex} onChange={(e) => url.set({ regex: e.target.checked ? 'true' : undefined, page: undefined })} />
          Regex
        </label>
      </div>
      {error && <ErrorNotice error={error} title="Could not list queues" />}
      {isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {data && (
        <>
          <QueueTable conn={conn} queues={data.queues} sort={sort} order={order} onSort={onSort} />
          {data.queues.length === 0 && <p className="p-4 text-sm text-slate-500">No queues match.</p>}
          <nav aria-label="Pages" className="mt-3 flex items-center gap-2 text-sm">
            <button type="button" className={secondaryButtonClass} disabled={data.page <= 1} onClick={() => url.set({ page: String(data.page - 1) })}>
              Previous
            </button>
            <span data-testid="page-info">
              Page {data.page} of {Math.max(1, data.pageCount)}
            </span>
            <button type="button" className={secondaryButtonClass} disabled={data.page >= data.pageCount} onClick={() => url.set({ page: String(data.page + 1) })}>
              Next
            </button>
          </nav>
        </>
      )}
    </>
  );
}
