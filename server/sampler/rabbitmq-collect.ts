import 'server-only';
import { z } from 'zod';
import { ForbiddenError } from '../http/errors';
import { logger } from '../logger';
import type { RabbitmqConnector } from '../rabbitmq/connector';
import { queueRate } from '../rabbitmq/mappers';

/**
 * The figures we chart and nothing else: the management API then leaves out the ~40 other fields of each queue
 * (RabbitMQ 3.10 keeps the nested `message_stats.*_details.rate` paths). `disable_stats=true` drops the rates and
 * consumer counts, and was not clearly faster (1.4-4.5 s for 10,000 queues), so it is not used.
 */
const COLUMNS = [
  'name',
  'vhost',
  'messages_ready',
  'messages_unacknowledged',
  'consumers',
  'message_stats.publish_details.rate',
  'message_stats.deliver_get_details.rate',
  'message_stats.ack_details.rate',
].join(',');

/** Generous: 10,000 queues answer in about 5 s, and the sampler stretches its interval after a long tick. */
const TIMEOUT_MS = 60_000;

const rate = z.object({ rate: z.number() }).optional();
const queueListSchema = z.array(
  z.object({
    name: z.string(),
    vhost: z.string(),
    messages_ready: z.number().optional(),
    messages_unacknowledged: z.number().optional(),
    consumers: z.number().optional(),
    message_stats: z.object({ publish_details: rate, deliver_get_details: rate, ack_details: rate }).optional(),
  }),
);

export type RawQueue = {
  vhost: string;
  name: string;
  ready: number | null;
  unacked: number | null;
  consumers: number | null;
  publishRate: number | null;
  deliverRate: number | null;
  ackRate: number | null;
};

const NODE_COLUMNS = 'name,mem_used,mem_limit,disk_free,disk_free_limit,fd_used,fd_total,sockets_used,proc_used,run_queue';
const count = z.number().optional();
const nodeListSchema = z.array(
  z.object({
    name: z.string(),
    mem_used: count,
    mem_limit: count,
    disk_free: count,
    disk_free_limit: count,
    fd_used: count,
    fd_total: count,
    sockets_used: count,
    proc_used: count,
    run_queue: count,
  }),
);

/** A node's resources at the tick, charted on the node health page. */
export type RawNode = {
  name: string;
  memUsed: number | null;
  memLimit: number | null;
  diskFree: number | null;
  diskFreeLimit: number | null;
  fdUsed: number | null;
  fdTotal: number | null;
  socketsUsed: number | null;
  procUsed: number | null;
  runQueue: number | null;
};

export type RabbitmqRaw = { ts: number; queues: RawQueue[]; nodes: RawNode[]; requests: number };

/**
 * Only users tagged monitoring or administrator may list nodes: without the tag the queues are still charted. Nor
 * does a failed node read fail the tick: the queues' history goes on and the nodes' has a gap.
 */
async function collectNodes(connector: RabbitmqConnector): Promise<RawNode[]> {
  try {
    const nodes = await connector.management.get(`nodes?columns=${NODE_COLUMNS}`, nodeListSchema);
    return nodes.map((n) => ({
      name: n.name,
      memUsed: n.mem_used ?? null,
      memLimit: n.mem_limit ?? null,
      diskFree: n.disk_free ?? null,
      diskFreeLimit: n.disk_free_limit ?? null,
      fdUsed: n.fd_used ?? null,
      fdTotal: n.fd_total ?? null,
      socketsUsed: n.sockets_used ?? null,
      procUsed: n.proc_used ?? null,
      runQueue: n.run_queue ?? null,
    }));
  } catch (e) {
    if (!(e instanceof ForbiddenError)) logger.warn({ connection: connector.config.id, err: (e as Error).message }, 'RabbitMQ nodes not sampled this tick');
    return [];
  }
}

/**
 * Every queue of every vhost in one request. Paging costs the broker more: for each page the management API lists
 * and sorts every queue before it picks the page (page_size cannot exceed 500). With 10,000 queues a page of 1 takes
 * ~0.3 s and a page of 500 ~0.45 s, so 20 pages took 10.8 s against 4.9 s for this one request
 * (scripts/bench/rabbitmq-tick.ts, 2026-12-02).
 * No retry inside the tick: the next tick is the retry, and a struggling broker gets no second request now.
 */
export async function collectRabbitmq(connector: RabbitmqConnector): Promise<RabbitmqRaw> {
  const ts = Date.now();
  const [items, nodes] = await Promise.all([connector.management.get(`queues?columns=${COLUMNS}`, queueListSchema, TIMEOUT_MS), collectNodes(connector)]);
  const queues = items.map((q): RawQueue => {
    return {
      vhost: q.vhost,
      name: q.name,
      ready: q.messages_ready ?? null,
      unacked: q.messages_unacknowledged ?? null,
      consumers: q.consumers ?? null,
      publishRate: queueRate(q, 'publish_details'),
      deliverRate: queueRate(q, 'deliver_get_details'),
      ackRate: queueRate(q, 'ack_details'),
    };
  });
  return { ts, queues, nodes, requests: 2 };
}
