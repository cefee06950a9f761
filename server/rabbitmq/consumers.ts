import 'server-only';
import type { ConsumerWithQueue } from '@/lib/contracts/rabbitmq-connections';
import { named, vhostPrefix } from './browse';
import type { RabbitmqConnector } from './connector';
import { toConsumer } from './mappers';
import { mgmtConsumerListSchema } from './schemas';

/** Every consumer of the broker, or of one vhost, with its queue; sorted by queue then tag so the list holds still. */
export async function listConsumers(c: RabbitmqConnector, vhost?: string): Promise<ConsumerWithQueue[]> {
  const list = await named(`vhost "${vhost}"`, c.management.get(vhostPrefix('consumers', vhost), mgmtConsumerListSchema));
  return list
    .map((d) => ({ ...toConsumer(d), queue: { vhost: d.queue.vhost, name: d.queue.name } }))
    .sort((a, b) => a.queue.vhost.localeCompare(b.queue.vhost) || a.queue.name.localeCompare(b.queue.name) || a.tag.localeCompare(b.tag));
}
