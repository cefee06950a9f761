import 'server-only';
import { z } from 'zod';
import type { RabbitmqConnector } from '../rabbitmq/connector';
import { mapLimit } from './concurrency';

/** The management API caps page_size at 500; columns= keeps each page to the figures we chart. */
const PAGE_SIZE = 500;
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

const PAGE_CONCURRENCY = 2;
const PAGE_TIMEOUT_MS = 15_000;

const rate = z.object({ rate: z.number() }).optional();
const queuePageSchema = z.object({
  page: z.number(),
  page_count: z.number(),
  items: z.array(
    z.object({
      name: z.string(),
      vhost: z.string(),
      messages_ready: z.number().optional(),
      messages_unacknowledged: z.number().optional(),
      consumers: z.number().optional(),
      message_stats: z.object({ publish_details: rate, deliver_get_details: rate, ack_details: rate }).optional(),
    }),
  ),
});

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

/** The management API leaves a rate out once its counter has never moved, which is a rate of 0, not unknown. */
function rateOf(stats: { rate: number } | undefined, hasCounts: boolean): number | null {
  return stats ? stats.rate : hasCounts ? 0 : null;
}

/**
 * RabbitMQ answers a 500-queue page in well under a second even with 10,000 queues, while one unpaginated answer
 * for all of them takes tens of seconds to encode; so pages, a couple at a time, each with its own timeout.
 */
export async function collectRabbitmq(connector: RabbitmqConnector): Promise<RabbitmqRaw> {
  const ts = Date.now();
  let requests = 0;
  const get = (page: number) => {
    requests++;
    return connector.management.get(`queues?page=${page}&page_size=${PAGE_SIZE}&columns=${COLUMNS}`, queuePageSchema, PAGE_TIMEOUT_MS);
  };
  // One slow page out of twenty should not lose the whole tick: it gets a second chance.
  const fetchPage = (page: number) => get(page).catch(() => get(page));
  const first = await fetchPage(1);
  const rest = await mapLimit(
    Array.from({ length: Math.max(0, first.page_count - 1) }, (_, i) => i + 2),
    PAGE_CONCURRENCY,
    fetchPage,
  );
  const queues: RawQueue[] = [];
  for (const res of [first, ...rest]) {
    for (const q of res.items) {
      // A queue created a moment ago has no figures yet: unknown, not zero.
      const hasCounts = q.messages_ready !== undefined;
      queues.push({
        vhost: q.vhost,
        name: q.name,
        ready: q.messages_ready ?? null,
        unacked: q.messages_unacknowledged ?? null,
        consumers: q.consumers ?? null,
        publishRate: rateOf(q.message_stats?.publish_details, hasCounts),
        deliverRate: rateOf(q.message_stats?.deliver_get_details, hasCounts),
        ackRate: rateOf(q.message_stats?.ack_details, hasCounts),
      });
    }
  }
  return { ts, queues, requests };
}
