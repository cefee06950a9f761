'use client';
import { useState } from 'react';
import type { InspectBody } from '@/lib/contracts/rabbitmq-messages';
import { ErrorNotice } from '@/components/ui/error-notice';
import { isNotFound, NotFoundNotice } from '@/components/ui/not-found-notice';
import { PageHeader } from '@/components/ui/page-header';
import { ApiRequestError } from '@/lib/query/api-fetch';
import { useQueueQuery } from '@/lib/query/rabbitmq-browse';
import { DELIVERY_LIMIT_CODE, useInspectMutation } from '@/lib/query/rabbitmq-messages';
import { formatCount } from '@/lib/format';
import { InspectedMessageCard } from './inspected-message';
import { ReadConfirmDialog } from './read-confirm-dialog';
import { readPlan } from './read-plan';
import { ReadPlanList } from './read-plan-list';
import { buttonClass, cardClass, inputClass } from './styles';

export function MessageInspector({ conn, vhost, name }: { conn: string; vhost: string; name: string }) {
  const { data: detail, error: queueError } = useQueueQuery(conn, vhost, name);
  const inspect = useInspectMutation(conn, vhost, name);
  const [count, setCount] = useState(10);
  const [offset, setOffset] = useState('first');
  const [from, setFrom] = useState('');
  // The read waiting for the user's yes, and the server's 409 text when it asked although this screen did not.
  const [asking, setAsking] = useState<{ serverSaid: string | null } | null>(null);
  const type = detail?.queue.type ?? null;
  const isStream = type === 'stream';
  const cost = detail?.readCost ?? null;
  const result = inspect.data;

  const body = (confirmDeliveryLimit: boolean): InspectBody => ({
    count,
    ...(confirmDeliveryLimit ? { confirmDeliveryLimit: true } : {}),
    ...(isStream && from ? { fromTimestamp: new Date(from).toISOString() } : {}),
    ...(isStream && !from ? { offset: /^\d+$/.test(offset) ? Number(offset) : (offset as 'first' | 'last' | 'next') } : {}),
  });
  const run = (confirmDeliveryLimit: boolean) =>
    inspect.mutate(body(confirmDeliveryLimit), {
      onSuccess: () => setAsking(null),
      onError: (e) => setAsking(e instanceof ApiRequestError && e.code === DELIVERY_LIMIT_CODE ? { serverSaid: e.message } : null),
    });
  const read = () => (cost?.confirmNeeded ? setAsking({ serverSaid: null }) : run(false));
  const refusedHere = cost?.readOnlyRefused ?? false;
  const plan = cost ? readPlan(cost, count) : null;

  if (isNotFound(queueError)) {
    // Nothing to read: no explainer and no live form for a queue that is not there.
    return (
      <>
        <PageHeader title={`Messages of ${name}`} subtitle={`vhost ${vhost}`} />
        <NotFoundNotice error={queueError} backHref={`/connections/${encodeURIComponent(conn)}/queues`} backLabel="Back to queues" />
      </>
    );
  }

  return (
    <>
      <PageHeader title={`Messages of ${name}`} subtitle={`vhost ${vhost} · ${type ?? 'type unknown'} queue`} />
      <section className={`${cardClass} mb-4 text-sm`} aria-label="What reading does">
        {isStream ? (
          <p data-testid="inspect-explainer">Reading a stream does not remove or change anything: Wharf attaches a consumer at the offset you choose and reads forward.</p>
        ) : (
          <div data-testid="inspect-explainer">
            <p>
              Reading takes up to {count} messages off the head of the queue without acknowledging them, then puts them back (requeue). While they are out, consumers
              cannot see them (a moment). When they return they are marked <strong>redelivered</strong>.
            </p>
            {cost && <p className="mt-2">{cost.summary}</p>}
            {cost?.confirmNeeded && !refusedHere && (
              <p className="mt-2">
                Wharf asks before each read, and never requeues a message already at its limit.
                {cost.lastRead ? ' As its last read left the head of this queue:' : ''}
              </p>
            )}
            {cost?.lastRead && plan && <ReadPlanList lines={plan.lines} />}
          </div>
        )}
      </section>
      {refusedHere && (
        <div className="mb-4">
          <ErrorNotice title="Read-only connection" error="This connection is read-only, and reading this queue could use up its messages' deliveries: Wharf does not read it here." />
        </div>
      )}
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
        <button type="submit" className={buttonClass} disabled={inspect.isPending || refusedHere || !detail}>
          {inspect.isPending ? 'Reading…' : isStream ? 'Read' : 'Get and requeue'}
        </button>
      </form>
      {asking && cost && (
        <ReadConfirmDialog
          cost={cost}
          count={count}
          serverSaid={asking.serverSaid}
          actionLabel="Read and requeue"
          pending={inspect.isPending}
          onConfirm={() => run(true)}
          onCancel={() => setAsking(null)}
        />
      )}
      {inspect.error && !asking && <ErrorNotice error={inspect.error} title="Could not read messages" />}
      {result && (
        <>
          {result.mode === 'requeue' && (
            <p data-testid="inspect-counts" className={`mb-3 text-sm ${result.countBefore === result.countAfter ? 'text-emerald-700 dark:text-emerald-400' : 'text-amber-700'}`}>
              Ready before: {formatCount(result.countBefore)} · after: {formatCount(result.countAfter)}
              {result.countBefore !== result.countAfter ? ' (the queue changed meanwhile: other clients published or took messages)' : ''}
            </p>
          )}
          {result.stopped && (
            <p role="status" data-testid="inspect-stopped" className="mb-3 rounded bg-amber-50 p-2 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-200">
              {result.stopped.message}
            </p>
          )}
          {result.messages.length === 0 && !result.stopped && <p className="text-sm text-slate-500">The queue had no messages to read.</p>}
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
