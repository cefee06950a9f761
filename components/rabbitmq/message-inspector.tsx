'use client';
import { useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import { useQueueQuery } from '@/lib/query/rabbitmq-browse';
import { useInspectMutation } from '@/lib/query/rabbitmq-messages';
import { formatCount } from '@/lib/format';
import { InspectedMessageCard } from './inspected-message';
import { buttonClass, cardClass, inputClass } from './styles';

export function MessageInspector({ conn, vhost, name }: { conn: string; vhost: string; name: string }) {
  const { data: detail } = useQueueQuery(conn, vhost, name);
  const inspect = useInspectMutation(conn, vhost, name);
  const [count, setCount] = useState(10);
  const [offset, setOffset] = useState('first');
  const [from, setFrom] = useState('');
  const type = detail?.queue.type ?? null;
  const isStream = type === 'stream';
  const result = inspect.data;

  const read = () =>
    inspect.mutate({
      count,
      ...(isStream && from ? { fromTimestamp: new Date(from).toISOString() } : {}),
      ...(isStream && !from ? { offset: /^\d+$/.test(offset) ? Number(offset) : (offset as 'first' | 'last' | 'next') } : {}),
    });

  return (
    <>
      <PageHeader title={`Messages of ${name}`} subtitle={`vhost ${vhost} · ${type ?? 'type unknown'} queue`} />
      <section className={`${cardClass} mb-4 text-sm`} aria-label="What reading does">
        {isStream ? (
          <p data-testid="inspect-explainer">Reading a stream does not remove or change anything: Wharf attaches a consumer at the offset you choose and reads forward.</p>
        ) : (
          <p data-testid="inspect-explainer">
            Reading takes up to {count} messages off the head of the queue without acknowledging them, then puts them all back (requeue). While they are out, consumers
            cannot see them (a moment). When they return they are marked <strong>redelivered</strong>
            {type === 'quorum' ? (
              <>
                , and on this quorum queue each return <strong>counts toward its delivery limit</strong>
                {detail?.queue.deliveryLimit !== null && detail?.queue.deliveryLimit !== undefined ? ` (${detail.queue.deliveryLimit})` : ''}: a message near the limit may be
                dead-lettered or dropped
              </>
            ) : null}
            . Nothing is removed: the count before and after is shown.
          </p>
        )}
      </section>
      <form
        className="mb-4 flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          read();
        }}
      >
        <label className="flex flex-col gap-1 text-sm">
          Messages
          <input type="number" min={1} max={500} className={`${inputClass} w-24`} value={count} onChange={(e) => setCount(Math.max(1, Math.min(500, Number(e.target.value) || 1)))} />
        </label>
        {isStream && (
          <>
            <label className="flex flex-col gap-1 text-sm">
              From offset (first, last, next or a number)
              <input className={`${inputClass} w-40`} value={offset} onChange={(e) => setOffset(e.target.value)} />
            </label>
            <label className="flex flex-col gap-1 text-sm">
              Or from time
              <input type="datetime-local" className={inputClass} value={from} onChange={(e) => setFrom(e.target.value)} />
            </label>
          </>
        )}
        <button type="submit" className={buttonClass} disabled={inspect.isPending}>
          {inspect.isPending ? 'Reading…' : isStream ? 'Read' : 'Get and requeue'}
        </button>
      </form>
      {inspect.error && <ErrorNotice error={inspect.error} title="Could not read messages" />}
      {result && (
        <>
          {result.mode === 'requeue' && (
            <p data-testid="inspect-counts" className={`mb-3 text-sm ${result.countBefore === result.countAfter ? 'text-emerald-700 dark:text-emerald-400' : 'text-amber-700'}`}>
              Ready before: {formatCount(result.countBefore)} · after: {formatCount(result.countAfter)}
              {result.countBefore !== result.countAfter ? ' (other clients changed the queue meanwhile)' : ''}
            </p>
          )}
          {result.messages.length === 0 && <p className="text-sm text-slate-500">The queue had no messages to read.</p>}
          <div className="space-y-3">
            {result.messages.map((m) => (
              <InspectedMessageCard key={m.index} m={m} />
            ))}
          </div>
        </>
      )}
    </>
  );
}
