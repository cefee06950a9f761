import type { ReadCost } from '@/lib/contracts/rabbitmq';

export type PlanLine = { key: string; text: string; tone: 'ok' | 'warn' | 'stop' };
export type ReadPlan = {
  /** What the read will do to each message, head first, as far as Wharf knows. */
  lines: PlanLine[];
  /** The position the read will stop before (a message at its delivery limit), if Wharf knows of one. */
  stopsBefore: number | null;
};

const requeues = (n: number) => `${n} requeue${n === 1 ? '' : 's'}`;

/**
 * What a get-and-requeue of `count` messages will do, message by message: from the server's read cost (the delivery
 * rule and the head as Wharf's last read left it). Empty when a read costs the messages nothing.
 */
export function readPlan(cost: ReadCost, count: number): ReadPlan {
  if (!cost.requeueCounts || cost.queueType === 'classic' || cost.queueType === 'stream') return { lines: [], stopsBefore: null };
  const lines: PlanLine[] = [];
  const known = (cost.lastRead?.messages ?? []).filter((m) => m.position <= count);
  for (const m of known) {
    const p = `#${m.position}`;
    if (m.deliveriesLeft === null) {
      lines.push({ key: p, tone: 'ok', text: `${p}: delivery count ${m.deliveryCount} → ${m.deliveryCount + 1}; no delivery limit` });
      continue;
    }
    if (m.deliveriesLeft <= 0) {
      lines.push({ key: p, tone: 'stop', text: `${p}: at its delivery limit (${m.deliveryCount} of ${cost.limit}): not read, the read stops before it (requeueing it would dead-letter it)` });
      return { lines, stopsBefore: m.position };
    }
    const after = m.deliveriesLeft - 1;
    lines.push(
      after === 0
        ? { key: p, tone: 'warn', text: `${p}: ${requeues(m.deliveriesLeft)} left, none after this read: its next requeue or failed delivery dead-letters it` }
        : { key: p, tone: 'ok', text: `${p}: ${requeues(m.deliveriesLeft)} left, ${after} after this read` },
    );
  }
  if (count > known.length) {
    const from = known.length + 1;
    const range = count > from ? `#${from}–#${count}` : `#${from}`;
    const limit = cost.limit === null ? 'a delivery limit Wharf cannot see yet' : `the limit of ${cost.limit}`;
    lines.push({
      key: 'unseen',
      tone: 'warn',
      text: `${range}: not seen by Wharf yet (a message shows its count only once taken): each read uses one requeue toward ${limit}. One found already at its limit is not requeued: Wharf copies it to the tail of the queue (its count starts again), acknowledges the original and stops there.`,
    });
  }
  return { lines, stopsBefore: null };
}
