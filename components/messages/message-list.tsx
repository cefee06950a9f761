'use client';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { KafkaMessage } from '@/lib/contracts/kafka-messages';
import { formatBytes } from '@/lib/format';
import { FieldPreview } from './field-view';
import { TransactionBadge } from './transaction-badge';

const ROW_HEIGHT = 34;
const GRID = 'grid grid-cols-[4rem_9rem_11rem_minmax(6rem,1fr)_minmax(10rem,3fr)_4rem_5rem] items-center gap-2';

export const messageId = (m: KafkaMessage) => `${m.partition}:${m.offset}`;

/** Virtualized: a tail keeps thousands of messages without slowing the page. */
export function MessageList({ messages, selected, onSelect }: { messages: KafkaMessage[]; selected: string | null; onSelect: (m: KafkaMessage) => void }) {
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the app does not use the React Compiler; the virtualizer re-renders on scroll itself
  const virtual = useVirtualizer({ count: messages.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  return (
    <div role="table" aria-label="Messages" className="flex min-h-0 flex-col rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div role="row" className={`${GRID} border-b border-slate-200 px-3 py-2 text-xs font-medium uppercase tracking-wide text-slate-500 dark:border-slate-800`}>
        <div role="columnheader">Part.</div>
        <div role="columnheader">Offset</div>
        <div role="columnheader">Timestamp</div>
        <div role="columnheader">Key</div>
        <div role="columnheader">Value</div>
        <div role="columnheader">Headers</div>
        <div role="columnheader" className="text-right">
          Size
        </div>
      </div>
      <div ref={scroller} className="min-h-48 flex-1 overflow-auto" data-testid="message-list">
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const m = messages[item.index];
            const id = messageId(m);
            return (
              <div
                key={id}
                role="row"
                data-testid="message-row"
                data-offset={m.offset}
                data-transaction={m.transaction === undefined ? undefined : (m.transaction ?? 'unknown')}
                aria-selected={selected === id}
                onClick={() => onSelect(m)}
                className={`${GRID} absolute left-0 top-0 w-full cursor-pointer border-b border-slate-100 px-3 text-xs dark:border-slate-800/60 ${selected === id ? 'bg-sky-50 dark:bg-sky-950/40' : 'hover:bg-slate-50 dark:hover:bg-slate-800/40'}`}
                style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                <div role="cell" className="font-mono">
                  {m.partition}
                </div>
                <div role="cell" className="flex items-center gap-1 font-mono">
                  {m.offset}
                  <TransactionBadge flag={m.transaction} />
                </div>
                <div role="cell" className="font-mono text-slate-500">
                  {new Date(m.timestamp).toISOString().replace('T', ' ').slice(0, 23)}
                </div>
                <div role="cell" className="truncate" data-testid="message-key">
                  <FieldPreview field={m.key} nullLabel="null" />
                </div>
                <div role="cell" className="truncate" data-testid="message-value">
                  <FieldPreview field={m.value} nullLabel="null (tombstone)" />
                </div>
                <div role="cell" className="text-slate-500">
                  {m.headers.length || ''}
                </div>
                <div role="cell" className="text-right text-slate-500">
                  {formatBytes(m.size)}
                </div>
              </div>
            );
          })}
        </div>
        {messages.length === 0 && <p className="p-6 text-center text-sm text-slate-500">No messages.</p>}
      </div>
    </div>
  );
}
