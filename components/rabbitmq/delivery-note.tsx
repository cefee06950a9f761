import type { InspectedMessage } from '@/lib/contracts/rabbitmq-messages';

type Delivery = NonNullable<InspectedMessage['delivery']>;

/** A quorum queue message's delivery count and what the read did with it. */
export function DeliveryNote({ d }: { d: Delivery }) {
  const left = d.deliveriesLeft === null ? 'no delivery limit' : `${d.deliveriesLeft} requeue${d.deliveriesLeft === 1 ? '' : 's'} left`;
  const text =
    d.putBack === 'copied'
      ? `was at its limit (count ${d.count}): copied to the tail, count starts again`
      : d.putBack === 'dead-lettered'
        ? `was at its limit (count ${d.count}): dead-lettered by RabbitMQ`
        : `delivery count ${d.count} · ${left}${d.deliveriesLeft === 0 ? ': the next requeue or failed delivery dead-letters it' : ''}`;
  return (
    <span data-testid="delivery" className={d.putBack === 'requeued' && d.deliveriesLeft !== 0 ? '' : 'font-medium text-amber-700 dark:text-amber-400'}>
      {text}
    </span>
  );
}
