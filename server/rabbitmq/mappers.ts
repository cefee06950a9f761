import 'server-only';
import type { Binding, Exchange, Queue } from '@/lib/contracts/rabbitmq';
import type { MgmtBinding, MgmtExchange, MgmtQueue } from './schemas';

type Stats = MgmtQueue['message_stats'];

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function rateOf(stats: Stats, key: keyof NonNullable<Stats>): number | null {
  return stats?.[key]?.rate ?? null;
}

/**
 * A queue's rate as the sampler records it (server/sampler/rabbitmq-collect.ts): the management API leaves out a
 * counter that never moved, which is 0 once the queue has figures; a queue without figures yet is unknown.
 */
export function queueRate(q: Pick<MgmtQueue, 'message_stats' | 'messages_ready'>, key: keyof NonNullable<Stats>): number | null {
  return rateOf(q.message_stats, key) ?? (q.messages_ready !== undefined ? 0 : null);
}

export function toQueue(q: MgmtQueue): Queue {
  const args = q.arguments ?? {};
  return {
    vhost: q.vhost,
    name: q.name,
    type: q.type ?? null,
    state: q.state ?? null,
    durable: q.durable ?? null,
    autoDelete: q.auto_delete ?? null,
    exclusive: q.exclusive ?? null,
    ready: q.messages_ready ?? null,
    unacked: q.messages_unacknowledged ?? null,
    total: q.messages ?? null,
    consumers: q.consumers ?? null,
    consumerUtilisation: q.consumer_utilisation ?? null,
    publishRate: queueRate(q, 'publish_details'),
    deliverRate: queueRate(q, 'deliver_get_details'),
    ackRate: queueRate(q, 'ack_details'),
    node: q.leader ?? q.node ?? null,
    policy: q.policy || null,
    arguments: args,
    deadLetterExchange: str(args['x-dead-letter-exchange']),
    deadLetterRoutingKey: str(args['x-dead-letter-routing-key']),
    messageTtl: num(args['x-message-ttl']),
    maxLength: num(args['x-max-length']),
    deliveryLimit: num(args['x-delivery-limit']),
  };
}

export function toExchange(e: MgmtExchange): Exchange {
  return {
    vhost: e.vhost,
    name: e.name,
    type: e.type,
    durable: e.durable,
    autoDelete: e.auto_delete,
    internal: e.internal,
    arguments: e.arguments ?? {},
    publishInRate: rateOf(e.message_stats, 'publish_in_details'),
    publishOutRate: rateOf(e.message_stats, 'publish_out_details'),
  };
}

export function toBinding(b: MgmtBinding): Binding {
  return {
    vhost: b.vhost,
    source: b.source,
    destination: b.destination,
    destinationType: b.destination_type,
    routingKey: b.routing_key,
    arguments: b.arguments ?? {},
    propertiesKey: b.properties_key,
  };
}
