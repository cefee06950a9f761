'use client';
import { usePathname, useSearchParams } from 'next/navigation';
import { useMemo, useRef, useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import { TabList, type TabItem } from '@/components/ui/tab-list';
import type { KafkaMessage } from '@/lib/contracts/kafka-messages';
import { useMessageStream } from '@/lib/query/kafka-message-stream';
import { fetchFullMessage, useMessagePagesQuery } from '@/lib/query/kafka-messages';
import { ReplayDialog } from '@/components/jobs/replay-dialog';
import { presetForMessages } from '@/components/jobs/replay-form';
import { btn, btnPrimary, input } from '@/components/ui/styles';
import { BrowseControls } from './browse-controls';
import { defaultForm, ISOLATION_PARAM, toQuery, UNCOMMITTED, type BrowseForm, type BrowseMode } from './browse-form';
import { downloadText, toJsonLines, withFullValues } from './export-jsonl';
import { MessageDetail } from './message-detail';
import { messageId, MessageList } from './message-list';
import { ProduceDialog } from './produce-dialog';
import { ScanStatus } from './scan-status';
import { formatMessages } from '@/lib/format';

type Props = { conn: string; topic: string; partitionCount: number; canProduce: boolean; canReplay: boolean; bootstrap: string | null };

const byTime = (a: KafkaMessage, b: KafkaMessage) => a.timestamp - b.timestamp || a.partition - b.partition || a.offset - b.offset;

const modes: Array<TabItem<BrowseMode>> = [
  { id: 'browse', label: 'Browse' },
  { id: 'scan', label: 'Filter (scan)' },
  { id: 'tail', label: 'Live tail' },
];

export function MessageBrowser({ conn, topic, partitionCount, canProduce, canReplay, bootstrap }: Props) {
  const search = useSearchParams();
  const pathname = usePathname();
  const [mode, setMode] = useState<BrowseMode>('browse');
  // "Show uncommitted" lives in the URL (?isolation=read_uncommitted), so a link shows what its sender saw.
  const [form, setForm] = useState<BrowseForm>(() => ({ ...defaultForm, uncommitted: search.get(ISOLATION_PARAM) === UNCOMMITTED }));
  const [applied, setApplied] = useState(() => toQuery(form, 'browse'));
  const changeForm = (patch: Partial<BrowseForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    if (patch.uncommitted !== undefined) {
      const params = new URLSearchParams(window.location.search);
      if (patch.uncommitted) params.set(ISOLATION_PARAM, UNCOMMITTED);
      else params.delete(ISOLATION_PARAM);
      // replaceState updates useSearchParams without a navigation (as the topic page's tab and range do).
      window.history.replaceState(null, '', params.size ? `${pathname}?${params}` : pathname);
    }
  };
  const isolation = form.uncommitted ? { isolation: UNCOMMITTED } : {};
  const [selected, setSelected] = useState<KafkaMessage | null>(null);
  const [producing, setProducing] = useState(false);
  const [replaying, setReplaying] = useState(false);
  // The filter behind the shown messages (a scan's or a filtered tail's) as it was when started; browsing has none.
  const [shownFilter, setShownFilter] = useState('');
  const pages = useMessagePagesQuery(conn, topic, applied, mode === 'browse');
  const stream = useMessageStream(conn, topic);

  const browsed = useMemo(() => {
    const all = pages.data?.pages.flatMap((p) => p.messages) ?? [];
    const unique = [...new Map(all.map((m) => [messageId(m), m])).values()].sort(byTime);
    return applied.get('order') === 'asc' ? unique : unique.reverse();
  }, [pages.data, applied]);
  // A tail shows the newest on top; a scan lists matches in the order found.
  const shown = mode === 'browse' ? browsed : mode === 'tail' ? [...stream.messages].reverse() : stream.messages;

  const listRef = useRef<HTMLDivElement>(null);
  // Focus goes back to the list, on the row that was open, so the keyboard carries on where it was.
  const closeDetail = () => {
    setSelected(null);
    listRef.current?.focus();
  };
  const switchMode = (next: BrowseMode) => {
    stream.reset();
    setSelected(null);
    setShownFilter('');
    setMode(next);
  };
  const run = () => {
    setSelected(null);
    setShownFilter(mode === 'browse' ? '' : form.filter.trim());
    if (mode === 'browse') setApplied(toQuery(form, 'browse'));
    else stream.start(toQuery(form, mode));
  };
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  // Large values are truncated in the list; the export fetches those messages whole first.
  const exportShown = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const whole = await withFullValues(shown, (m) => fetchFullMessage(conn, topic, m, { keyMode: form.keyMode, valueMode: form.valueMode, ...isolation }));
      downloadText(`${topic}-messages.jsonl`, `${toJsonLines(whole)}\n`);
    } catch (e) {
      setExportError(e);
    } finally {
      setExporting(false);
    }
  };
  const paused = mode === 'tail' && !stream.running && stream.progress !== null && !stream.error;

  return (
    <div className="flex min-h-0 flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <TabList
          label="Message mode"
          tabs={modes}
          value={mode}
          onChange={switchMode}
          className="inline-flex rounded-md border border-slate-300 p-0.5 dark:border-slate-700"
          tabClass={(on) => `rounded px-3 py-1 text-sm ${on ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900' : 'text-slate-600 dark:text-slate-300'}`}
        />
        <div className="ml-auto flex gap-2">
          <button type="button" className={btn} disabled={shown.length === 0 || exporting} onClick={() => void exportShown()}>
            {exporting ? 'Exporting…' : 'Export JSON lines'}
          </button>
          {canReplay && (
            <button type="button" className={btn} disabled={shown.length === 0} onClick={() => setReplaying(true)} title="Replay the shown messages (same range and filter) into another topic or an exchange">
              Replay these
            </button>
          )}
          {canProduce && (
            <button type="button" className={btnPrimary} onClick={() => setProducing(true)}>
              Produce
            </button>
          )}
        </div>
      </div>
      <form
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <BrowseControls form={form} mode={mode} partitionCount={partitionCount} onChange={changeForm} />
        {mode !== 'browse' && (
          <input
            className={`${input} w-full font-mono`}
            aria-label="Filter expression"
            placeholder={'CEL filter, e.g. value.status == "failed" && headers["trace"].startsWith("a")  (key, value, headers, partition, offset, timestamp, size)'}
            value={form.filter}
            onChange={(e) => setForm((f) => ({ ...f, filter: e.target.value }))}
          />
        )}
        <div className="flex flex-wrap items-center gap-2">
          {mode === 'browse' && (
            <>
              <button type="submit" className={btnPrimary}>
                Read
              </button>
              <button type="button" className={btn} disabled={!pages.hasPreviousPage || pages.isFetchingPreviousPage} onClick={() => void pages.fetchPreviousPage()}>
                Load older
              </button>
              <button type="button" className={btn} disabled={!pages.hasNextPage || pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
                Load newer
              </button>
              <span className="text-xs text-slate-500" data-testid="message-count">
                {pages.isFetching ? 'reading…' : formatMessages(browsed.length)}
              </span>
            </>
          )}
          {mode === 'scan' &&
            (stream.running ? (
              <button type="button" className={btn} onClick={stream.stop}>
                Stop scan
              </button>
            ) : (
              <button type="submit" className={btnPrimary}>
                Scan
              </button>
            ))}
          {mode === 'tail' &&
            (stream.running ? (
              <button type="button" className={btn} onClick={stream.stop}>
                Pause
              </button>
            ) : paused && stream.progress ? (
              <button
                type="button"
                className={btnPrimary}
                onClick={() => {
                  const q = toQuery(form, 'tail');
                  q.set('cursor', stream.progress?.cursor ?? '');
                  stream.start(q, { keep: true });
                }}
              >
                Resume
              </button>
            ) : (
              <button type="submit" className={btnPrimary}>
                Start tail
              </button>
            ))}
          {mode !== 'browse' && <ScanStatus progress={stream.progress} done={stream.done} running={stream.running} tail={mode === 'tail'} />}
        </div>
      </form>
      {exportError !== null && <ErrorNotice error={exportError} title="Could not export: reading the large messages whole failed" />}
      {mode === 'browse' && pages.error && <ErrorNotice error={pages.error} title="Could not read messages" />}
      {mode !== 'browse' && stream.error && <ErrorNotice error={stream.error} title={mode === 'tail' ? 'Tail stopped' : 'Scan failed'} />}
      <div className={`grid min-h-0 gap-3 ${selected ? 'grid-cols-[minmax(0,3fr)_minmax(20rem,2fr)]' : 'grid-cols-1'}`} style={{ height: 'calc(100vh - 22rem)' }}>
        <MessageList messages={shown} selected={selected ? messageId(selected) : null} onSelect={setSelected} onDismiss={closeDetail} listRef={listRef} />
        {selected && (
          <MessageDetail
            key={messageId(selected)}
            conn={conn}
            topic={topic}
            bootstrap={bootstrap}
            message={selected}
            keyMode={form.keyMode}
            valueMode={form.valueMode}
            uncommitted={selected.transaction !== undefined}
            onClose={closeDetail}
          />
        )}
      </div>
      {producing && <ProduceDialog conn={conn} topic={topic} partitionCount={partitionCount} onClose={() => setProducing(false)} />}
      {replaying && <ReplayDialog connection={conn} topic={topic} preset={presetForMessages(shown, shownFilter)} onClose={() => setReplaying(false)} />}
    </div>
  );
}
