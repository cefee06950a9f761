import 'server-only';
import type { AmqpChannel, AmqpConnection } from '@/lib/contracts/rabbitmq-connections';
import type { Binding, Consumer, Exchange, Queue } from '@/lib/contracts/rabbitmq';
import type { MgmtBinding, MgmtChannel, MgmtConnection, MgmtConsumer, MgmtExchange, MgmtQueue } from './schemas';

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
    unconsumed: unconsumed(q.messages_ready, q.consumers),
  };
}

/** Ready messages that nobody takes: the list flags such a queue; either figure unknown leaves it unknown. */
export function unconsumed(ready: number | undefined, consumers: number | undefined): boolean | null {
  if (ready === undefined || consumers === undefined) return null;
  return ready > 0 && consumers === 0;
}

/** The management API writes an empty table as [] (an empty Erlang proplist), a filled one as an object. */
const table = (v: Record<string, unknown> | unknown[] | undefined): Record<string, unknown> => (v && !Array.isArray(v) ? v : {});

type ConsumerLike = Pick<MgmtConsumer, 'consumer_tag' | 'ack_required' | 'prefetch_count' | 'active' | 'activity_status' | 'exclusive' | 'arguments' | 'channel_details'>;

export function toConsumer(d: ConsumerLike): Consumer {
  const ch = d.channel_details && !Array.isArray(d.channel_details) ? d.channel_details : {};
  return {
    tag: d.consumer_tag,
    ackRequired: d.ack_required ?? null,
    prefetch: d.prefetch_count ?? null,
    active: d.active ?? null,
    exclusive: d.exclusive ?? null,
    activityStatus: d.activity_status ?? null,
    arguments: table(d.arguments),
    channel: ch.name ?? null,
    connection: ch.connection_name ?? null,
  };
}

/** Why a connection is not running, from its state and the node alarms in effect (null: none known). */
export function connectionStateReason(state: string | undefined, alarms: string[] | null): string | null {
  const which = alarms === null ? 'a resource alarm (memory or disk; the alarms are not visible to this user)' : alarms.length ? alarms.join(', ') : 'a resource alarm';
  switch (state) {
    case undefined:
    case 'running':
      return null;
    case 'flow':
      return 'Flow control: the broker is throttling this client\'s publishes (credit flow) because a queue or the node cannot keep up';
    case 'blocking':
      return `${which} is in effect: the connection will be blocked as soon as it publishes`;
    case 'blocked':
      return `Blocked by ${which}: the broker reads nothing from this connection until the alarm clears`;
    default:
      return null;
  }
}

export function toAmqpConnection(c: MgmtConnection, alarms: string[] | null): AmqpConnection {
  const props = table(c.client_properties);
  return {
    name: c.name,
    clientName: c.user_provided_name ?? str(props.connection_name),
    user: c.user ?? null,
    vhost: c.vhost ?? null,
    protocol: c.protocol ?? null,
    type: c.type ?? null,
    node: c.node ?? null,
    peerHost: c.peer_host ?? null,
    peerPort: c.peer_port ?? null,
    tls: c.ssl ?? null,
    tlsProtocol: c.ssl_protocol ?? null,
    authMechanism: c.auth_mechanism ?? null,
    state: c.state ?? null,
    stateReason: connectionStateReason(c.state, alarms),
    channels: c.channels ?? null,
    channelMax: c.channel_max ?? null,
    frameMax: c.frame_max ?? null,
    heartbeatSeconds: c.timeout ?? null,
    connectedAt: typeof c.connected_at === 'number' ? new Date(c.connected_at).toISOString() : null,
    recvRate: c.recv_oct_details?.rate ?? null,
    sendRate: c.send_oct_details?.rate ?? null,
    clientProduct: str(props.product),
    clientVersion: str(props.version),
    clientPlatform: str(props.platform),
  };
}

export function toAmqpChannel(ch: MgmtChannel): AmqpChannel {
  const conn = ch.connection_details && !Array.isArray(ch.connection_details) ? ch.connection_details : {};
  const known = ch.confirm !== undefined || ch.transactional !== undefined;
  return {
    name: ch.name,
    number: ch.number ?? null,
    connection: conn.name ?? null,
    vhost: ch.vhost ?? null,
    user: ch.user ?? null,
    state: ch.state ?? null,
    prefetch: ch.prefetch_count ?? null,
    globalPrefetch: ch.global_prefetch_count ?? null,
    unacked: ch.messages_unacknowledged ?? null,
    unconfirmed: ch.messages_unconfirmed ?? null,
    uncommitted: ch.messages_uncommitted ?? null,
    consumers: ch.consumer_count ?? null,
    mode: !known ? null : ch.confirm ? 'confirm' : ch.transactional ? 'tx' : 'none',
    idleSince: ch.idle_since ?? null,
    // A channel that never published or delivered has no message_stats: its rates are unknown until it does.
    publishRate: rateOf(ch.message_stats, 'publish_details'),
    deliverRate: rateOf(ch.message_stats, 'deliver_get_details'),
    ackRate: rateOf(ch.message_stats, 'ack_details'),
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
