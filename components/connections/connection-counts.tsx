import type { ConnectionCounts } from '@/lib/contracts/connections';
import { formatCount } from '@/lib/format';
import { Stat } from '@/components/ui/stat';

export function ConnectionCountsList({ counts }: { counts: ConnectionCounts }) {
  const items =
    counts.kind === 'kafka'
      ? [
          ['Brokers', counts.brokers, 'brokers'],
          ['Topics', counts.topics, 'topics'],
          ['Partitions', counts.partitions, 'partitions'],
          ['Consumer groups', counts.consumerGroups, 'consumer-groups'],
        ]
      : [
          ['Vhosts', counts.vhosts, 'vhosts'],
          ['Exchanges', counts.exchanges, 'exchanges'],
          ['Queues', counts.queues, 'queues'],
          ['Ready', counts.messagesReady, 'messages-ready'],
          ['Unacked', counts.messagesUnacked, 'messages-unacked'],
        ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
      {items.map(([label, value, id]) => (
        <Stat key={id as string} label={label as string} value={formatCount(value as number | null)} testId={`count-${id as string}`} />
      ))}
    </dl>
  );
}
