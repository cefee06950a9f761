'use client';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { KafkaMessage } from '@/lib/contracts/kafka-messages';
import { formatBytes } from '@/lib/format';
import { FieldPreview } from './field-view';
import { TransactionBadge } from './transaction-badge';

const ROW_HEIGHT = 34;
const GRID = 'grid grid-cols-[4rem_9rem_11rem_minmax(6rem,1fr)_minmax(10rem,3fr)_4rem_5rem] items-center gap-2';

export const messageId = (m: KafkaMessage) => `${m.partition}:${m.offset}`;
const rowId = (m: KafkaMessage) => `message-row-${m.partition}-${m.offset}`;
const KEY_STEP: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 };

type Props = {
  messages: KafkaMessage[];
  selected: string | null;
  onSelect: (m: KafkaMessage) => void;
  /** Escape: close the open message. */
  onDismiss?: () => void;
  /** The focusable list, for the page to give focus back to when the detail closes. */
  listRef?: RefObject<HTMLDivElement | null>;
};

/**
 * Virtualized: a tail keeps thousands of messages without slowing the page. One Tab stop for the whole list (a grid
 * with an active row, aria-activedescendant): arrows, Page Up/Down, Home and End move; Enter or Space opens the row;
 * Escape closes it. The active row is scrolled into the rendered window before it is announced.
 */
export function MessageList({ messages, selected, onSelect, onDismiss, listRef }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const at = Math.max(0, Math.min(active, messages.length - 1));
  // eslint-disable-next-line react-hooks/incompatible-library -- the app does not use the React Compiler; the virtualizer re-renders on scroll itself
  const virtual = useVirtualizer({ count: messages.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const moveTo = (i: number) => {
    const next = Math.max(0, Math.min(i, messages.length - 1));
    setActive(next);
    virtual.scrollToIndex(next);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!messages.length) return;
    const step = KEY_STEP[e.key];
    if (step !== undefined) moveTo(at + step);
    else if (e.key === 'Home') moveTo(0);
    else if (e.key === 'End') moveTo(messages.length - 1);
    else if (e.key === 'Enter' || e.key === ' ') onSelect(messages[at]);
    else if (e.key === 'Escape' && onDismiss) onDismiss();
    else return;
    e.preventDefault();
  };
  return (
    <div
      ref={listRef}
      role="grid"
      aria-label="Messages"
      tabIndex={0}
      aria-activedescendant={messages.length ? rowId(messages[at]) : undefined}
      onKeyDown={onKeyDown}
      data-testid="message-grid"
      className="group flex min-h-0 flex-col rounded-lg focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
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
      {/* Not a Tab stop of its own (Chrome makes scrollers focusable): the grid around it takes the keys. */}
      <div ref={scroller} tabIndex={-1} className="min-h-48 flex-1 overflow-auto" data-testid="message-list">
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const m = messages[item.index];
            const id = messageId(m);
            return (
              <div
                key={id}
                id={rowId(m)}
                role="row"
                data-testid="message-row"
                data-offset={m.offset}
                data-transaction={m.transaction === undefined ? undefined : (m.transaction ?? 'unknown')}
                aria-selected={selected === id}
                data-active={item.index === at || undefined}
                onClick={() => {
                  setActive(item.index);
                  onSelect(m);
                }}
                className={`${GRID} absolute left-0 top-0 w-full cursor-pointer border-b border-slate-100 px-3 text-xs dark:border-slate-800/60 ${selected === id ? 'bg-sky-50 dark:bg-sky-950/40' : 'hover:bg-slate-50 dark:hover:bg-slate-800/40'} ${item.index === at ? 'group-focus-visible:outline group-focus-visible:-outline-offset-2 group-focus-visible:outline-2 group-focus-visible:outline-sky-500' : ''}`}
                style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                <div role="gridcell" className="font-mono">
                  {m.partition}
                </div>
                <div role="gridcell" className="flex items-center gap-1 font-mono">
                  {m.offset}
                  <TransactionBadge flag={m.transaction} />
                </div>
                <div role="gridcell" className="font-mono text-slate-500">
                  {new Date(m.timestamp).toISOString().replace('T', ' ').slice(0, 23)}
                </div>
                <div role="gridcell" className="truncate" data-testid="message-key">
                  <FieldPreview field={m.key} nullLabel="null" />
                </div>
                <div role="gridcell" className="truncate" data-testid="message-value">
                  <FieldPreview field={m.value} nullLabel="null (tombstone)" />
                </div>
                <div role="gridcell" className="text-slate-500">
                  {m.headers.length || ''}
                </div>
                <div role="gridcell" className="text-right text-slate-500">
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
