'use client';
import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { useRef, type ReactNode } from 'react';
import type { AmqpConnection, ConnectionSort } from '@/lib/contracts/rabbitmq-connections';
import { formatBytes, formatCount } from '@/lib/format';
import { clientConnectionHref } from './connection-links';
import { ConnectionState } from './connection-state';

const ROW_HEIGHT = 36;
const GRID = 'grid grid-cols-[minmax(16rem,3fr)_minmax(6rem,1fr)_minmax(5rem,1fr)_minmax(7rem,1fr)_minmax(4rem,0.6fr)_minmax(6rem,1fr)_repeat(3,minmax(5.5rem,1fr))_minmax(9rem,1.2fr)] items-center';

const rate = (v: number | null) => (v === null ? 'unknown' : `${formatBytes(v)}/s`);

const columns: { key: ConnectionSort; label: string; numeric?: boolean; render: (c: AmqpConnection) => ReactNode }[] = [
  { key: 'user', label: 'User', render: (c) => c.user ?? 'unknown' },
  { key: 'vhost', label: 'Vhost', render: (c) => c.vhost ?? 'unknown' },
  { key: 'protocol', label: 'Protocol', render: (c) => c.protocol ?? 'unknown' },
  { key: 'tls', label: 'TLS', render: (c) => (c.tls === null ? 'unknown' : c.tls ? (c.tlsProtocol ?? 'yes') : 'no') },
  { key: 'state', label: 'State', render: (c) => <ConnectionState c={c} /> },
  { key: 'channels', label: 'Channels', numeric: true, render: (c) => formatCount(c.channels) },
  { key: 'recvRate', label: 'Receive', numeric: true, render: (c) => rate(c.recvRate) },
  { key: 'sendRate', label: 'Send', numeric: true, render: (c) => rate(c.sendRate) },
  { key: 'connectedAt', label: 'Connected', render: (c) => (c.connectedAt ? new Date(c.connectedAt).toLocaleString() : 'unknown') },
];

/** Only the rows in view are in the DOM: a page of 500 connections scrolls as smoothly as 20. */
export function ConnectionTable({ conn, rows, sort, order, onSort }: { conn: string; rows: AmqpConnection[]; sort: ConnectionSort; order: 'asc' | 'desc'; onSort: (key: ConnectionSort) => void }) {
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the app does not use the React Compiler; the virtualizer re-renders on scroll itself
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const header = (key: ConnectionSort, label: string, numeric?: boolean) => (
    <div key={key} role="columnheader" aria-sort={sort === key ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button
        type="button"
        onClick={() => onSort(key)}
        className="w-full px-3 py-2 text-xs font-medium uppercase tracking-wide text-slate-500 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"
        style={{ textAlign: numeric ? 'right' : 'left' }}
      >
        {label}
        {sort === key ? (order === 'asc' ? ' ▲' : ' ▼') : ''}
      </button>
    </div>
  );
  return (
    <div role="table" aria-label="Client connections" aria-rowcount={rows.length + 1} className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="min-w-[72rem]">
        <div role="row" className={`${GRID} border-b border-slate-200 pr-3 dark:border-slate-800`}>
          {header('clientName', 'Client name / connection')}
          {columns.map((c) => header(c.key, c.label, c.numeric))}
        </div>
        <div ref={scroller} className="h-[calc(100vh-18rem)] min-h-64 overflow-auto" data-testid="connection-table-body">
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((item) => {
              const row = rows[item.index];
              return (
                <div
                  key={row.name}
                  role="row"
                  aria-rowindex={item.index + 2}
                  data-testid="connection-row"
                  className={`${GRID} absolute left-0 top-0 w-full border-b border-slate-100 text-sm hover:bg-slate-50 dark:border-slate-800/60 dark:hover:bg-slate-800/40`}
                  style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                >
                  <div role="cell" className="truncate px-3">
                    <Link href={clientConnectionHref(conn, row.name)} className="text-sky-700 hover:underline dark:text-sky-400" title={row.name}>
                      {row.clientName ?? row.name}
                    </Link>
                    {row.clientName && <span className="ml-2 font-mono text-xs text-slate-500">{row.name}</span>}
                  </div>
                  {columns.map((c) => (
                    <div key={c.key} role="cell" className={`truncate px-3 ${c.numeric ? 'text-right tabular-nums' : ''}`}>
                      {c.render(row)}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
          {rows.length === 0 && <p className="p-6 text-center text-sm text-slate-500">No connections match.</p>}
        </div>
      </div>
    </div>
  );
}
