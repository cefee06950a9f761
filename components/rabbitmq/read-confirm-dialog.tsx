'use client';
import { Dialog } from '@/components/ui/dialog';
import type { ReadCost } from '@/lib/contracts/rabbitmq';
import { readPlan } from './read-plan';
import { ReadPlanList } from './read-plan-list';
import { buttonClass, secondaryButtonClass } from './styles';

/**
 * Asks before a read that uses up deliveries of a quorum queue's messages, saying exactly what it will do to each
 * one. `serverSaid` is the server's 409 text when it refused a read this screen did not expect to need confirming.
 */
export function ReadConfirmDialog({
  cost,
  count,
  serverSaid,
  actionLabel,
  pending,
  onConfirm,
  onCancel,
}: {
  cost: ReadCost;
  count: number;
  serverSaid: string | null;
  actionLabel: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const plan = readPlan(cost, count);
  return (
    <Dialog title="Read and requeue?" onClose={onCancel}>
      <div className="space-y-2 text-sm">
        <p>{cost.summary}</p>
        {serverSaid && <p className="rounded bg-amber-50 p-2 text-amber-900 dark:bg-amber-950/40 dark:text-amber-200">{serverSaid}</p>}
        <p>
          Reading up to {count} message{count === 1 ? '' : 's'} takes {count === 1 ? 'it' : 'them'} off the head of the queue and puts {count === 1 ? 'it' : 'them'} back:
        </p>
        <ReadPlanList lines={plan.lines} />
        {plan.stopsBefore !== null && <p className="text-slate-500">So at most {plan.stopsBefore - 1} message(s) will be read.</p>}
      </div>
      <div className="mt-4 flex justify-end gap-2">
        <button type="button" className={secondaryButtonClass} onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className={buttonClass} disabled={pending} onClick={onConfirm}>
          {pending ? 'Reading…' : actionLabel}
        </button>
      </div>
    </Dialog>
  );
}
