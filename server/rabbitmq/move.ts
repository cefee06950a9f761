import 'server-only';
import type { Channel, ChannelModel, Message } from 'amqplib';
import type { MoveCounts, MoveResult, RedriveProposal } from '@/lib/contracts/rabbitmq-messages';
import type { CompiledFilter } from '../filters/cel';
import { ApiError, BadRequestError } from '../http/errors';
import { withTimeout } from '../http/timeout';
import { amqpChannelError } from './channel';
import { fromAmqpTable } from './headers';
import { filterContext } from './message-view';
import type { HeaderValue } from '@/lib/contracts/rabbitmq-messages';

export type MoveOptions = {
  /** A connection of the move's own, on the source's vhost: killing it mid-way must leave every message in place. */
  connection: ChannelModel;
  source: string;
  /** "" is the default exchange (then the routing key names the destination queue). */
  exchange: string;
  /** Fixed routing key; when null, each message goes with its original one (first death's for dead-lettered messages). */
  routingKey: string | null;
  limit?: number;
  filter?: CompiledFilter | null;
  batchSize?: number;
  signal: AbortSignal;
  /** Awaited before each commit: a job records the batch in flight, whose outcome a crash leaves unknown. */
  beforeCommit?: (pending: { moved: number; skipped: number }) => Promise<void>;
  /** Awaited after the start count and after each commit, with the counts the broker has committed. */
  onProgress?: (counts: MoveCounts) => Promise<void> | void;
};

// AMQP 0-9-1 method ids (class 90 "tx"); amqplib implements them but only exposes the generic rpc.
const TX_SELECT = (90 << 16) | 10;
const TX_SELECT_OK = (90 << 16) | 11;
const TX_COMMIT = (90 << 16) | 20;
const TX_COMMIT_OK = (90 << 16) | 21;
type RpcChannel = { rpc(method: number, fields: object, expect: number): Promise<unknown> };

function rpc(ch: Channel, method: number, expect: number): Promise<unknown> {
  const r = ch as unknown as Partial<RpcChannel>;
  if (typeof r.rpc !== 'function') throw new ApiError(500, 'INTERNAL', 'This amqplib version does not expose channel.rpc (needed for transactions)');
  return timed(r.rpc.call(ch, method, {}, expect));
}

/** A commit on a busy broker can take a while, but a dead socket must not hang the move forever. */
const CALL_TIMEOUT_MS = 30_000;
const timed = <T>(work: Promise<T>) => withTimeout(work, CALL_TIMEOUT_MS, 'RabbitMQ');

/** The routing key a message was first published with, from the x-death history dead-lettering added. */
export function originalRoutingKey(msg: Pick<Message, 'fields' | 'properties'>): string {
  const keys = firstDeath(fromAmqpTable(msg.properties.headers))?.['routing-keys'];
  return Array.isArray(keys) && typeof keys[0] === 'string' ? keys[0] : msg.fields.routingKey;
}

type Table = Record<string, HeaderValue | undefined>;

function asTable(v: HeaderValue | undefined): Table | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !('$bytes' in v) ? (v as Table) : null;
}

/** The x-death entry of the first death (entries are newest first; the first death's queue is named in a header). */
function firstDeath(h: Record<string, HeaderValue>): Table | null {
  const deaths = Array.isArray(h['x-death']) ? h['x-death'] : [];
  return asTable(deaths.find((d) => asTable(d)?.queue === h['x-first-death-queue']) ?? deaths[deaths.length - 1]);
}

export function redriveProposalOf(msg: Pick<Message, 'fields' | 'properties'> | null): RedriveProposal {
  if (!msg) return { exchange: null, routingKey: null, originalQueue: null, reason: null, sampled: 0 };
  const h = fromAmqpTable(msg.properties.headers);
  const firstTable = firstDeath(h);
  const exchange = typeof h['x-first-death-exchange'] === 'string' ? h['x-first-death-exchange'] : typeof firstTable?.exchange === 'string' ? firstTable.exchange : null;
  if (exchange === null) return { exchange: null, routingKey: null, originalQueue: null, reason: null, sampled: 1 };
  const queue = typeof h['x-first-death-queue'] === 'string' ? h['x-first-death-queue'] : typeof firstTable?.queue === 'string' ? firstTable.queue : null;
  const reason = typeof h['x-first-death-reason'] === 'string' ? h['x-first-death-reason'] : typeof firstTable?.reason === 'string' ? firstTable.reason : null;
  return { exchange, routingKey: originalRoutingKey(msg), originalQueue: queue, reason, sampled: 1 };
}

/** A batch is committed when no further message arrived for this long (the queue holds fewer than counted). */
const IDLE_MS = 500;

/**
 * Moves messages from a queue to an exchange with nothing lost or duplicated.
 *
 * Each batch runs in one AMQP transaction on one channel: consume, publish the copy, ack the original, tx.commit.
 * The broker applies a batch's publishes and acks together at commit, so a connection killed at any point leaves
 * every message of an uncommitted batch in the source (its unacked originals are requeued, its publishes dropped).
 * Publisher confirms with ack-after-confirm would only be at-least-once: a kill between a confirm and its ack
 * leaves the message in both queues.
 *
 * Messages the filter rejects are republished to the tail of the source in the same transaction, and the move reads
 * at most the queue length counted at start, so the loop ends even when nothing matches (they keep their
 * properties and headers; their position moves behind the messages that were in the queue when the move started).
 *
 * Copies are mandatory. RabbitMQ returns an unroutable copy of a transactional publish at commit, after the ack of
 * its original is committed too: the move then puts the returned message back into the source and stops.
 */
export async function moveMessages(o: MoveOptions): Promise<MoveResult> {
  const batchSize = o.batchSize ?? 200;
  const ch = await o.connection.createChannel();
  let brokerError: unknown = null;
  let wake: (() => void) | null = null;
  let ended = false;
  const inbox: Message[] = [];
  const returned: Message[] = [];
  ch.on('error', (e: unknown) => {
    brokerError = e;
  });
  ch.on('close', () => {
    ended = true;
    wake?.();
  });
  ch.on('return', (m: Message) => returned.push(m));
  const counts: MoveCounts = { startLength: 0, read: 0, published: 0, confirmed: 0, acked: 0, skipped: 0 };

  const take = async (): Promise<Message | null> => {
    const deadline = Date.now() + IDLE_MS;
    while (inbox.length === 0) {
      const left = deadline - Date.now();
      if (ended || o.signal.aborted || left <= 0) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
    return inbox.shift() ?? null;
  };
  const onAbort = () => wake?.();
  o.signal.addEventListener('abort', onAbort);

  try {
    counts.startLength = (await timed(ch.checkQueue(o.source))).messageCount;
    const target = Math.min(o.limit ?? counts.startLength, counts.startLength);
    await o.onProgress?.({ ...counts });
    if (target === 0) return { ...counts, status: 'done' };
    await rpc(ch, TX_SELECT, TX_SELECT_OK);
    // Acks count toward the prefetch only when committed: at most one batch is ever in flight.
    await ch.prefetch(Math.min(batchSize, target));
    const { consumerTag } = await ch.consume(
      o.source,
      (m) => {
        if (m) inbox.push(m);
        else ended = true;
        wake?.();
      },
      { noAck: false },
    );
    while (counts.read < target && !o.signal.aborted) {
      const want = Math.min(batchSize, target - counts.read);
      let moved = 0;
      let skipped = 0;
      while (moved + skipped < want) {
        const m = await take();
        if (!m) break;
        counts.read++;
        const { headers, ...props } = m.properties;
        if (o.filter && !o.filter.matches(filterContext(m))) {
          ch.publish('', o.source, m.content, { ...props, headers });
          skipped++;
        } else {
          ch.publish(o.exchange, o.routingKey ?? originalRoutingKey(m), m.content, { ...props, headers, mandatory: true });
          moved++;
          counts.published++;
        }
        ch.ack(m);
      }
      if (moved + skipped === 0) break;
      await o.beforeCommit?.({ moved, skipped });
      await rpc(ch, TX_COMMIT, TX_COMMIT_OK);
      // Counted as soon as the broker confirmed the commit: a connection lost after this still moved them.
      counts.confirmed += moved;
      counts.acked += moved;
      counts.skipped += skipped;
      await o.onProgress?.({ ...counts });
      // basic.return frames of this commit precede the answer to any later synchronous call on the channel.
      await timed(ch.checkQueue(o.source));
      if (returned.length > 0) await restoreReturned(ch, o, returned, counts);
    }
    await ch.cancel(consumerTag);
    return { ...counts, status: o.signal.aborted && counts.read < target ? 'cancelled' : 'done' };
  } catch (e) {
    throw amqpChannelError(brokerError ?? e, `queue "${o.source}" or its destination`);
  } finally {
    o.signal.removeEventListener('abort', onAbort);
    // Closing the channel requeues whatever was delivered but not committed (prefetched past the end, or on error).
    await ch.close().catch(() => undefined);
  }
}

async function restoreReturned(ch: Channel, o: MoveOptions, returned: Message[], counts: MoveCounts): Promise<never> {
  const n = returned.length;
  for (const m of returned.splice(0)) {
    const { headers, ...props } = m.properties;
    ch.publish('', o.source, m.content, { ...props, headers });
  }
  await rpc(ch, TX_COMMIT, TX_COMMIT_OK);
  // They were counted as moved at the commit that returned them; they are back in the source now.
  counts.confirmed -= n;
  counts.acked -= n;
  counts.published -= n;
  await o.onProgress?.({ ...counts });
  const rk = o.routingKey === null ? 'their original routing keys' : `routing key "${o.routingKey}"`;
  throw new BadRequestError(`${n} message(s) were unroutable from exchange "${o.exchange || '(default)'}" with ${rk}; they were put back into the source and the move stopped`);
}
