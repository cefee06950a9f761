'use client';
import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { useRef } from 'react';
import type { TopicRow, TopicSortKey } from '@/lib/contracts/kafka';
import { formatBytes, formatCount } from '@/lib/format';
import { connectionHref } from '@/components/shell/nav-items';
import { describeTopicGroups, formatTopicLag } from './format-topic-consumers';

const ROW_HEIGHT = 36;
const GRID = 'grid grid-cols-[minmax(16rem,3fr)_repeat(8,minmax(5.5rem,1fr))] items-center';

const columns: { key: TopicSortKey; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'Name', numeric: false },
  { key: 'partitions', label: 'Partitions', numeric: true },
  { key: 'replicationFactor', label: 'Replication', numeric: true },
  { key: 'messages', label: 'Messages', numeric: true },
  { key: 'sizeBytes', label: 'Size', numeric: true },
  { key: 'underReplicated', label: 'Under-replicated', numeric: true },
  { key: 'offline', label: 'Offline', numeric: true },
  { key: 'groups', label: 'Groups', numeric: true },
  { key: 'lag', label: 'Lag', numeric: true },
];

function Cell({ conn, row, k }: { conn: string; row: TopicRow; k: TopicSortKey }) {
  if (k === 'sizeBytes') return <>{formatBytes(row.sizeBytes)}</>;
  if (k === 'groups') {
    if (!row.groups) return <span className="text-slate-400" title={describeTopicGroups(row)}>{row.groups === null ? 'unknown' : '0'}</span>;
    return (
      <Link href={`${topicHref(conn, row.name)}?tab=consumer-groups`} className="text-sky-700 hover:underline dark:text-sky-400" title={describeTopicGroups(row)} data-testid="topic-groups">
        {formatCount(row.groups)}
      </Link>
    );
  }
  if (k === 'lag') return <span data-testid="topic-lag" className={row.lag ? '' : 'text-slate-400'}>{formatTopicLag(row)}</span>;
  if (k === 'underReplicated' || k === 'offline') {
    const n = row[k];
    return <span className={n > 0 ? 'font-semibold text-red-600 dark:text-red-400' : 'text-slate-400'}>{formatCount(n)}</span>;
  }
  return <>{formatCount(row[k as Exclude<TopicSortKey, 'name' | 'sizeBytes'>])}</>;
}

const topicHref = (conn: string, topic: string) => `${connectionHref(conn, 'topics')}/${encodeURIComponent(topic)}`;

/** Only the rows in view are in the DOM, so 5,000 topics scroll as smoothly as 50. */
export function TopicTable({
  conn,
  rows,
  sort,
  dir,
  onSort,
}: {
  conn: string;
  rows: TopicRow[];
  sort: TopicSortKey;
  dir: 'asc' | 'desc';
  onSort: (key: TopicSortKey) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the app does not use the React Compiler; the virtualizer re-renders on scroll itself
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  return (
    <div role="table" aria-label="Topics" aria-rowcount={rows.length + 1} className="rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div role="row" className={`${GRID} border-b border-slate-200 pr-3 dark:border-slate-800`}>
        {columns.map((c) => (
          <div key={c.key} role="columnheader" aria-sort={sort === c.key ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'} className={c.numeric ? 'text-right' : ''}>
            <button
              type="button"
              onClick={() => onSort(c.key)}
              className="w-full px-3 py-2 text-xs font-medium uppercase tracking-wide text-slate-500 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"
              style={{ textAlign: c.numeric ? 'right' : 'left' }}
            >
              {c.label}
              {sort === c.key ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}
            </button>
          </div>
        ))}
      </div>
      <div ref={scroller} className="h-[calc(100vh-17rem)] min-h-64 overflow-auto" data-testid="topic-table-body">
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const row = rows[item.index];
            return (
              <div
                key={row.name}
                role="row"
                aria-rowindex={item.index + 2}
                data-testid="topic-row"
                className={`${GRID} absolute left-0 top-0 w-full border-b border-slate-100 text-sm hover:bg-slate-50 dark:border-slate-800/60 dark:hover:bg-slate-800/40`}
                style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                <div role="cell" className="truncate px-3 font-mono">
                  <Link href={topicHref(conn, row.name)} className="text-sky-700 hover:underline dark:text-sky-400" title={row.name}>
                    {row.name}
                  </Link>
                  {row.internal && <span className="ml-2 rounded bg-slate-100 px-1 text-xs text-slate-500 dark:bg-slate-800">internal</span>}
                </div>
                {columns.slice(1).map((c) => (
                  <div key={c.key} role="cell" className="px-3 text-right tabular-nums">
                    <Cell conn={conn} row={row} k={c.key} />
                  </div>
                ))}
              </div>
            );
          })}
        </div>
        {rows.length === 0 && <p className="p-6 text-center text-sm text-slate-500">No topics match.</p>}
      </div>
    </div>
  );
}
