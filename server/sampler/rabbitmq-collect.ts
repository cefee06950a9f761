import 'server-only';
import { z } from 'zod';
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

export type RabbitmqRaw = { ts: number; queues: RawQueue[]; requests: number };

/**
 * Every queue of every vhost in one request. Paging costs the broker more: for each page the management API lists
 * and sorts every queue before it picks the page (page_size cannot exceed 500). With 10,000 queues a page of 1 takes
 * ~0.3 s and a page of 500 ~0.45 s, so 20 pages took 10.8 s against 4.9 s for this one request
 * (scripts/bench/rabbitmq-tick.ts, 2026-12-02).
 * No retry inside the tick: the next tick is the retry, and a struggling broker gets no second request now.
 */
export async function collectRabbitmq(connector: RabbitmqConnector): Promise<RabbitmqRaw> {
  const ts = Date.now();
  const items = await connector.management.get(`queues?columns=${COLUMNS}`, queueListSchema, TIMEOUT_MS);
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
  return { ts, queues, requests: 1 };
}
