'use client';
import type { AmqpConnection } from '@/lib/contracts/rabbitmq-connections';

const tone: Record<string, string> = {
  running: 'text-emerald-700 dark:text-emerald-400',
  flow: 'text-amber-700 dark:text-amber-400',
  blocking: 'text-amber-700 dark:text-amber-400',
  blocked: 'font-semibold text-red-600 dark:text-red-400',
};

/** The state with its reason on hover (and to screen readers): flow and alarms are why publishers stall. */
export function ConnectionState({ c }: { c: Pick<AmqpConnection, 'state' | 'stateReason'> }) {
  if (c.state === null) return <span className="text-slate-400">unknown</span>;
  return (
    <span className={tone[c.state] ?? ''} title={c.stateReason ?? undefined} data-testid="connection-state">
      {c.state}
      {c.stateReason && <span className="sr-only">: {c.stateReason}</span>}
    </span>
  );
}
