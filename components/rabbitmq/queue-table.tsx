'use client';
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { Queue, QueueSort } from '@/lib/contracts/rabbitmq';
import { formatCount, formatRate } from '@/lib/format';
import { queueHref } from './links';
import { tableClass, tdClass, thClass } from './styles';

type Column = { key: QueueSort; label: string; numeric?: boolean; render: (q: Queue) => ReactNode };

const pct = (v: number | null) => (v === null ? 'unknown' : `${Math.round(v * 100)}%`);

const COLUMNS: Column[] = [
  { key: 'vhost', label: 'Vhost', render: (q) => q.vhost },
  { key: 'type', label: 'Type', render: (q) => q.type ?? 'unknown' },
  { key: 'state', label: 'State', render: (q) => q.state ?? 'unknown' },
  { key: 'ready', label: 'Ready', numeric: true, render: (q) => formatCount(q.ready) },
  { key: 'unacked', label: 'Unacked', numeric: true, render: (q) => formatCount(q.unacked) },
  { key: 'total', label: 'Total', numeric: true, render: (q) => formatCount(q.total) },
  {
    key: 'consumers',
    label: 'Consumers',
    numeric: true,
    render: (q) =>
      q.unconsumed ? (
        <span className="font-semibold text-amber-700 dark:text-amber-400" data-testid="no-consumer" title="Messages are ready and nothing consumes this queue">
          0 · no consumer
        </span>
      ) : (
        formatCount(q.consumers)
      ),
  },
  { key: 'consumerUtilisation', label: 'Utilisation', numeric: true, render: (q) => pct(q.consumerUtilisation) },
  { key: 'publishRate', label: 'Publish', numeric: true, render: (q) => formatRate(q.publishRate, '/s') },
  { key: 'deliverRate', label: 'Deliver', numeric: true, render: (q) => formatRate(q.deliverRate, '/s') },
  { key: 'ackRate', label: 'Ack', numeric: true, render: (q) => formatRate(q.ackRate, '/s') },
  { key: 'node', label: 'Node', render: (q) => q.node ?? 'unknown' },
];

function argsSummary(q: Queue): string {
  const parts: string[] = [];
  if (q.deadLetterExchange !== null) parts.push(`DLX ${q.deadLetterExchange || '(default)'}${q.deadLetterRoutingKey ? ` → ${q.deadLetterRoutingKey}` : ''}`);
  if (q.messageTtl !== null) parts.push(`TTL ${q.messageTtl} ms`);
  if (q.maxLength !== null) parts.push(`max ${q.maxLength}`);
  if (q.deliveryLimit !== null) parts.push(`delivery limit ${q.deliveryLimit}`);
  return parts.join(' · ');
}

export function QueueTable({ conn, queues, sort, order, onSort }: { conn: string; queues: Queue[]; sort: QueueSort; order: 'asc' | 'desc'; onSort: (s: QueueSort) => void }) {
  const header = (key: QueueSort, label: string, numeric?: boolean) => (
    <th key={key} className={`${thClass} ${numeric ? 'text-right' : ''}`} aria-sort={sort === key ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="uppercase hover:underline" onClick={() => onSort(key)}>
        {label}
        {sort === key ? (order === 'asc' ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );
  return (
    <div className="overflow-x-auto">
      <table className={tableClass} data-testid="queue-table">
        <thead>
          <tr>
            {header('name', 'Name')}
            {COLUMNS.map((c) => header(c.key, c.label, c.numeric))}
            <th className={thClass}>Arguments</th>
          </tr>
        </thead>
        <tbody>
          {queues.map((q) => (
            <tr key={`${q.vhost}\u0000${q.name}`} data-testid="queue-row">
              <td className={`${tdClass} max-w-xs truncate font-medium`}>
                <Link className="hover:underline" href={queueHref(conn, q.vhost, q.name)} title={q.name}>
                  {q.name}
                </Link>
              </td>
              {COLUMNS.map((c) => (
                <td key={c.key} className={`${tdClass} whitespace-nowrap ${c.numeric ? 'text-right tabular-nums' : ''}`}>
                  {c.render(q)}
                </td>
              ))}
              <td className={`${tdClass} text-xs text-slate-500`}>{argsSummary(q)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
