import type { KafkaMessage } from '@/lib/contracts/kafka-messages';

type Flag = KafkaMessage['transaction'];

const styles: Record<'committed' | 'aborted' | 'open' | 'unknown', string> = {
  committed: 'bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-400',
  aborted: 'bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-300',
  open: 'bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-300',
  unknown: 'bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
};

const titles: Record<keyof typeof styles, string> = {
  committed: 'Committed, or written outside any transaction: read-committed consumers see it',
  aborted: 'Its transaction was aborted: read-committed consumers never see it',
  open: 'Its transaction is not decided yet: read-committed consumers wait for it',
  unknown: 'Wharf could not tell the state of its transaction',
};

/** A message's transaction state, as read with "show uncommitted"; nothing for reads of committed messages. */
export function TransactionBadge({ flag }: { flag: Flag }) {
  if (flag === undefined) return null;
  const state = flag ?? 'unknown';
  return (
    <span data-testid="transaction-badge" data-state={state} title={titles[state]} className={`inline-flex rounded-full px-1.5 py-px text-[10px] font-medium leading-4 ${styles[state]}`}>
      {state}
    </span>
  );
}
