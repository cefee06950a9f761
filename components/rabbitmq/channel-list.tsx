'use client';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import { channelSortSchema, type AmqpChannel, type ChannelSort } from '@/lib/contracts/rabbitmq-connections';
import { formatCount, formatRate } from '@/lib/format';
import { useChannelsQuery } from '@/lib/query/rabbitmq-connections';
import { clientConnectionHref } from './connection-links';
import { SortHeader } from './sort-header';
import { inputClass, secondaryButtonClass, tableClass, tdClass, thClass } from './styles';
import { useUrlState } from './use-url-state';

const PAGE_SIZE = 100;
const SEARCH_DEBOUNCE_MS = 300;

const mode = (c: AmqpChannel) => (c.mode === null ? 'unknown' : c.mode === 'none' ? '—' : c.mode === 'tx' ? 'transactional' : 'confirm');
const prefetch = (v: number | null) => (v === null ? 'unknown' : v === 0 ? 'unlimited' : formatCount(v));

const SORTABLE: { key: ChannelSort; label: string; numeric?: boolean }[] = [
  { key: 'name', label: 'Channel' },
  { key: 'vhost', label: 'Vhost' },
  { key: 'user', label: 'User' },
  { key: 'state', label: 'State' },
  { key: 'prefetch', label: 'Prefetch', numeric: true },
  { key: 'unacked', label: 'Unacked', numeric: true },
  { key: 'unconfirmed', label: 'Unconfirmed', numeric: true },
  { key: 'consumers', label: 'Consumers', numeric: true },
  { key: 'publishRate', label: 'Publish', numeric: true },
  { key: 'deliverRate', label: 'Deliver', numeric: true },
  { key: 'ackRate', label: 'Ack', numeric: true },
];

export function ChannelList({ conn }: { conn: string }) {
  const url = useUrlState();
  const search = url.get('search');
  const parsed = channelSortSchema.safeParse(url.get('sort'));
  const sort: ChannelSort = parsed.success ? parsed.data : 'name';
  const order = url.get('order') === 'desc' ? 'desc' : 'asc';
  const page = Math.max(1, Number(url.get('page')) || 1);
  const [draft, setDraft] = useState(search);
  useEffect(() => {
    if (draft === search) return;
    const t = setTimeout(() => url.set({ search: draft, page: undefined }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [draft, search, url]);
  const { data, error, isLoading } = useChannelsQuery(conn, { search: search || undefined, sort, order, page, pageSize: PAGE_SIZE });
  return (
    <>
      <PageHeader title="Channels" subtitle={data ? `${formatCount(data.filteredCount)} of ${formatCount(data.totalCount)} channels` : undefined} />
      <input type="search" aria-label="Search channels" placeholder="Connection address contains…" className={`${inputClass} mb-3 w-72`} value={draft} onChange={(e) => setDraft(e.target.value)} />
      {error && <ErrorNotice error={error} title="Could not list channels" />}
      {isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {data && (
        <div className="overflow-x-auto">
          <table className={tableClass} data-testid="channel-table">
            <thead>
              <tr>
                {SORTABLE.slice(0, 4).map((c) => (
                  <SortHeader key={c.key} label={c.label} active={sort === c.key} dir={order} onSort={() => url.set({ sort: c.key, order: sort === c.key && order === 'asc' ? 'desc' : 'asc', page: undefined })} />
                ))}
                <th className={thClass}>Mode</th>
                {SORTABLE.slice(4).map((c) => (
                  <SortHeader key={c.key} label={c.label} numeric active={sort === c.key} dir={order} onSort={() => url.set({ sort: c.key, order: sort === c.key && order === 'asc' ? 'desc' : 'asc', page: undefined })} />
                ))}
              </tr>
            </thead>
            <tbody>
              {data.channels.map((ch) => (
                <tr key={ch.name} data-testid="channel-row">
                  <td className={`${tdClass} font-mono text-xs`}>{ch.connection ? <Link className="text-sky-700 hover:underline dark:text-sky-400" href={clientConnectionHref(conn, ch.connection)}>{ch.name}</Link> : ch.name}</td>
                  <td className={tdClass}>{ch.vhost ?? 'unknown'}</td>
                  <td className={tdClass}>{ch.user ?? 'unknown'}</td>
                  <td className={tdClass}>{ch.state ?? 'unknown'}</td>
                  <td className={tdClass}>{mode(ch)}</td>
                  <td className={`${tdClass} text-right tabular-nums`}>{prefetch(ch.prefetch)}</td>
                  <td className={`${tdClass} text-right tabular-nums`}>{formatCount(ch.unacked)}</td>
                  <td className={`${tdClass} text-right tabular-nums`}>{formatCount(ch.unconfirmed)}</td>
                  <td className={`${tdClass} text-right tabular-nums`}>{formatCount(ch.consumers)}</td>
                  <td className={`${tdClass} text-right tabular-nums`}>{formatRate(ch.publishRate, '/s')}</td>
                  <td className={`${tdClass} text-right tabular-nums`}>{formatRate(ch.deliverRate, '/s')}</td>
                  <td className={`${tdClass} text-right tabular-nums`}>{formatRate(ch.ackRate, '/s')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.channels.length === 0 && <p className="p-4 text-sm text-slate-500">No channels match.</p>}
          {data.pageCount > 1 && (
            <nav aria-label="Pages" className="mt-3 flex items-center gap-2 text-sm">
              <button type="button" className={secondaryButtonClass} disabled={data.page <= 1} onClick={() => url.set({ page: String(data.page - 1) })}>
                Previous
              </button>
              <span>
                Page {data.page} of {data.pageCount}
              </span>
              <button type="button" className={secondaryButtonClass} disabled={data.page >= data.pageCount} onClick={() => url.set({ page: String(data.page + 1) })}>
                Next
              </button>
            </nav>
          )}
        </div>
      )}
    </>
  );
}
