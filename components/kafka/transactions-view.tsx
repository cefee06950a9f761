'use client';
import { usePathname, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import { btn, card, input } from '@/components/ui/styles';
import { formatAge, formatCount } from '@/lib/format';
import { useTransactionsQuery } from '@/lib/query/transactions';
import { TransactionsProducers } from './transactions-producers';
import { TransactionsTable } from './transactions-table';

export function TransactionsView({ conn }: { conn: string }) {
  const { data, error, isLoading } = useTransactionsQuery(conn);
  const params = useSearchParams();
  const pathname = usePathname();
  const [topic, setTopicState] = useState<string | null>(params.get('topic'));
  const [draft, setDraft] = useState(topic ?? '');
  const setTopic = (t: string | null) => {
    setTopicState(t);
    setDraft(t ?? '');
    const p = new URLSearchParams(params);
    if (t) p.set('topic', t);
    else p.delete('topic');
    window.history.replaceState(null, '', `${pathname}${p.size ? `?${p}` : ''}`);
  };
  const overdue = data?.open.filter((t) => t.overdue).length ?? 0;
  const stalling = data?.open.filter((t) => t.stalling).length ?? 0;

  return (
    <>
      <PageHeader title="Transactions" subtitle={data ? `open transactions and active producers · read ${formatAge(data.readAt)}` : 'open transactions and active producers'} />
      {error && <ErrorNotice error={error} title="Could not load transactions" />}
      {isLoading && <p className="text-sm text-slate-500">Loading transactions…</p>}
      {data && (
        <div className="flex flex-col gap-4">
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="transaction-summary">
            {formatCount(data.open.length)} open · {formatCount(overdue)} past their timeout · {formatCount(stalling)} holding back a last stable offset · {formatCount(data.transactionalIds)} transactional ids (
            {Object.entries(data.states)
              .sort()
              .map(([s, n]) => `${s} ${n}`)
              .join(', ') || 'none'}
            )
          </p>
          {data.brokersFailed.length > 0 && (
            <ErrorNotice error={new Error(`Brokers ${data.brokersFailed.join(', ')} did not answer: the transactions they coordinate are missing.`)} title="Incomplete list" />
          )}
          <TransactionsTable open={data.open} onTopic={setTopic} />
        </div>
      )}
      <section className="mt-6 flex flex-col gap-3">
        <h2 className="text-lg font-semibold">Active producers of a topic</h2>
        <form
          className="flex gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            setTopic(draft.trim() || null);
          }}
        >
          <input aria-label="Topic" placeholder="Topic name" value={draft} onChange={(e) => setDraft(e.target.value)} className={`${input} w-80`} />
          <button type="submit" className={btn}>
            Show producers
          </button>
        </form>
        {topic ? <TransactionsProducers conn={conn} topic={topic} /> : <p className={`${card} p-4 text-sm text-slate-500`}>Pick a topic to see its partitions&apos; producers and how far each last stable offset trails the high watermark.</p>}
      </section>
    </>
  );
}
