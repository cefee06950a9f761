import 'server-only';
import type { Binding, Exchange, ExchangeDetail, QueueDetail, RabbitOverview, Vhost } from '@/lib/contracts/rabbitmq';
import { ForbiddenError, NotFoundError } from '../http/errors';
import type { RabbitmqConnector } from './connector';
import { mgmtPath } from './management-client';
import { toBinding, toConsumer, toExchange, toQueue, rateOf } from './mappers';
import { readCostOf } from './read-rule';
import {
  mgmtBindingListSchema,
  mgmtExchangeListSchema,
  mgmtExchangeSchema,
  mgmtQueueWithTotalsSchema,
  nodeListSchema,
  overviewSchema,
  vhostDetailListSchema,
} from './schemas';

/** The management API names the default exchange "amq.default" in URLs; AMQP names it "". */
export const DEFAULT_EXCHANGE_URL_NAME = 'amq.default';

export function amqpExchangeName(urlName: string): string {
  return urlName === DEFAULT_EXCHANGE_URL_NAME ? '' : urlName;
}

/** A 404 from the management API says only "Not Found"; say what was not found. */
export async function named<T>(what: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof NotFoundError) throw new NotFoundError(`${what} not found`);
    throw e;
  }
}

export async function getOverview(c: RabbitmqConnector): Promise<RabbitOverview> {
  const [o, nodes] = await Promise.all([
    c.management.get('overview', overviewSchema),
    // Only users tagged monitoring or administrator may list nodes; the rest of the overview is theirs to see.
    c.management
      .get('nodes?columns=name,running,mem_alarm,disk_free_alarm,mem_used,mem_limit,disk_free,disk_free_limit,uptime,applications', nodeListSchema)
      .catch((e: unknown) => {
        if (e instanceof ForbiddenError) return [];
        throw e;
      }),
  ]);
  const noQueues = o.object_totals?.queues === 0;
  const queued = (v: number | undefined) => v ?? (noQueues ? 0 : null);
  return {
    clusterName: o.cluster_name ?? null,
    version: o.rabbitmq_version ?? null,
    erlangVersion: o.erlang_version ?? null,
    nodes: nodes.map((n) => ({
      name: n.name,
      version: n.applications?.find((a) => a.name === 'rabbit')?.version ?? null,
      running: n.running ?? null,
      memoryAlarm: n.mem_alarm ?? null,
      diskAlarm: n.disk_free_alarm ?? null,
      memoryUsed: n.mem_used ?? null,
      memoryLimit: n.mem_limit ?? null,
      diskFree: n.disk_free ?? null,
      diskFreeLimit: n.disk_free_limit ?? null,
      uptimeMs: n.uptime ?? null,
    })),
    totals: {
      connections: o.object_totals?.connections ?? null,
      channels: o.object_totals?.channels ?? null,
      exchanges: o.object_totals?.exchanges ?? null,
      queues: o.object_totals?.queues ?? null,
      consumers: o.object_totals?.consumers ?? null,
    },
    queued: { ready: queued(o.queue_totals?.messages_ready), unacked: queued(o.queue_totals?.messages_unacknowledged), total: queued(o.queue_totals?.messages) },
    // An idle broker reports no message_stats at all: its rates are truly zero, not unknown.
    rates: {
      publish: rateOf(o.message_stats, 'publish_details') ?? 0,
      deliver: rateOf(o.message_stats, 'deliver_get_details') ?? 0,
      ack: rateOf(o.message_stats, 'ack_details') ?? 0,
      redeliver: rateOf(o.message_stats, 'redeliver_details') ?? 0,
      unroutable: (rateOf(o.message_stats, 'return_unroutable_details') ?? 0) + (rateOf(o.message_stats, 'drop_unroutable_details') ?? 0),
    },
  };
}

export async function listVhosts(c: RabbitmqConnector): Promise<Vhost[]> {
  const list = await c.management.get('vhosts?columns=name,description,messages,messages_ready,messages_unacknowledged', vhostDetailListSchema);
  return list.map((v) => ({ name: v.name, description: v.description || null, messages: v.messages ?? null, ready: v.messages_ready ?? null, unacked: v.messages_unacknowledged ?? null }));
}

export const vhostPrefix = (kind: string, vhost?: string) => (vhost ? `${kind}/${mgmtPath(vhost)}` : kind);

export async function listExchanges(c: RabbitmqConnector, vhost?: string): Promise<Exchange[]> {
  const list = await named(`vhost "${vhost}"`, c.management.get(vhostPrefix('exchanges', vhost), mgmtExchangeListSchema));
  return list.map(toExchange);
}

export async function getExchange(c: RabbitmqConnector, vhost: string, name: string): Promise<ExchangeDetail> {
  const base = mgmtPath(vhost, name || DEFAULT_EXCHANGE_URL_NAME);
  const what = `exchange "${name}" in vhost "${vhost}"`;
  const exchange = await named(what, c.management.get(`exchanges/${base}`, mgmtExchangeSchema));
  const [outgoing, incoming] = await Promise.all([
    named(what, c.management.get(`exchanges/${base}/bindings/source`, mgmtBindingListSchema)),
    named(what, c.management.get(`exchanges/${base}/bindings/destination`, mgmtBindingListSchema)),
  ]);
  return { exchange: toExchange(exchange), outgoing: outgoing.map(toBinding), incoming: incoming.map(toBinding) };
}

export async function listBindings(c: RabbitmqConnector, vhost?: string): Promise<Binding[]> {
  const list = await named(`vhost "${vhost}"`, c.management.get(vhostPrefix('bindings', vhost), mgmtBindingListSchema));
  return list.map(toBinding);
}

export async function getQueue(c: RabbitmqConnector, vhost: string, name: string): Promise<QueueDetail> {
  const base = mgmtPath(vhost, name);
  const what = `queue "${name}" in vhost "${vhost}"`;
  const [q, bindings] = await Promise.all([
    named(what, c.management.get(`queues/${base}`, mgmtQueueWithTotalsSchema)),
    named(what, c.management.get(`queues/${base}/bindings`, mgmtBindingListSchema)),
  ]);
  return {
    queue: toQueue(q),
    bindings: bindings.map(toBinding),
    consumers: (q.consumer_details ?? []).map(toConsumer),
    members: q.members ?? null,
    memory: q.memory ?? null,
    readCost: await readCostOf(c, vhost, q),
  };
}
