'use client';
import { useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import type { KafkaMessage } from '@/lib/contracts/kafka-messages';
import type { DecodeMode } from '@/lib/contracts/messages';
import { formatBytes } from '@/lib/format';
import { fetchFullMessage } from '@/lib/query/kafka-messages';
import { btn } from '@/components/ui/styles';
import { FieldBlock, FieldPreview } from './field-view';
import { isTruncated } from './export-jsonl';
import { UNCOMMITTED } from './browse-form';
import { kcatCommands } from './kcat-command';
import { TransactionBadge } from './transaction-badge';

type Props = {
  conn: string;
  topic: string;
  bootstrap: string | null;
  message: KafkaMessage;
  keyMode: DecodeMode;
  valueMode: DecodeMode;
  /** The message was read with "show uncommitted": read it whole the same way (it may be aborted or open). */
  uncommitted: boolean;
  onClose: () => void;
};

export function MessageDetail({ conn, topic, bootstrap, message, keyMode, valueMode, uncommitted, onClose }: Props) {
  const [full, setFull] = useState<KafkaMessage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [copied, setCopied] = useState<'read' | 'produce' | null>(null);
  const m = full ?? message;
  const truncated = isTruncated(m);
  const commands = bootstrap ? kcatCommands(bootstrap, topic, m) : null;
  const copy = (which: 'read' | 'produce', text: string) => void navigator.clipboard?.writeText(text).then(() => setCopied(which));

  const loadFull = async () => {
    setError(null);
    try {
      const found = await fetchFullMessage(conn, topic, m, { keyMode, valueMode, ...(uncommitted && { isolation: UNCOMMITTED }) });
      if (found) setFull(found);
      else setError(new Error('The message is no longer in the topic (deleted by retention or compaction)'));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <aside aria-label="Message detail" className="flex min-h-0 flex-col gap-3 overflow-auto rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <div className="flex items-start justify-between gap-2">
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
          <dt className="text-slate-500">Partition / offset</dt>
          <dd className="font-mono">
            {m.partition} / {m.offset}
          </dd>
          <dt className="text-slate-500">Timestamp</dt>
          <dd className="font-mono">
            {new Date(m.timestamp).toISOString()} ({m.timestampType ?? 'type unknown'})
          </dd>
          <dt className="text-slate-500">Size</dt>
          <dd>{formatBytes(m.size)}</dd>
          {m.transaction !== undefined && (
            <>
              <dt className="text-slate-500">Transaction</dt>
              <dd data-testid="detail-transaction">
                <TransactionBadge flag={m.transaction} />
              </dd>
            </>
          )}
        </dl>
        <button type="button" className={btn} onClick={onClose} aria-label="Close detail">
          ✕
        </button>
      </div>
      <div className="flex flex-wrap gap-2">
        {truncated && (
          <button type="button" className={btn} onClick={() => void loadFull()}>
            Load full value
          </button>
        )}
        {commands && (
          <button type="button" className={btn} onClick={() => copy('read', commands.read)} title={commands.read}>
            {copied === 'read' ? 'Copied' : 'Copy kcat read command'}
          </button>
        )}
        {commands?.produceCopy && (
          <button type="button" className={btn} onClick={() => copy('produce', commands.produceCopy!)} title="Running it writes a new copy of this message to the topic">
            {copied === 'produce' ? 'Copied' : 'Copy kcat produce-a-copy command'}
          </button>
        )}
      </div>
      {commands && (
        <pre data-testid="kcat-read-command" className="overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono text-[11px] text-slate-600 dark:bg-slate-950 dark:text-slate-400">
          {commands.read}
        </pre>
      )}
      {commands?.produceCopy && (
        <pre data-testid="kcat-command" className="overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono text-[11px] text-slate-600 dark:bg-slate-950 dark:text-slate-400">
          {commands.produceCopy}
        </pre>
      )}
      {error !== null && <ErrorNotice error={error} title="Could not load the full message" />}
      <FieldBlock title="Key" field={m.key} nullLabel="null key" />
      <FieldBlock title="Value" field={m.value} nullLabel="null value (tombstone)" />
      <section>
        <h3 className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">Headers ({m.headers.length})</h3>
        {m.headers.length === 0 ? (
          <p className="text-sm text-slate-400">none</p>
        ) : (
          <table className="w-full text-xs">
            <tbody>
              {m.headers.map((h, i) => (
                <tr key={`${h.key}-${i}`} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                  <td className="py-0.5 pr-3 align-top font-mono font-medium">{h.key}</td>
                  <td className="break-all py-0.5">
                    <FieldPreview field={h.value} nullLabel="null" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </aside>
  );
}
