import 'server-only';
import type { Channel, ConfirmChannel, Message } from 'amqplib';
import type { z } from 'zod';
import type { DeliveryRule } from '@/lib/contracts/rabbitmq';
import type { InspectedMessage, InspectResponse, ReadStop, inspectBodySchema } from '@/lib/contracts/rabbitmq-messages';
import { callerMaskPlan } from '../auth/caller-masking';
import { maskInspectedMessage } from '../auth/masking';
import { ApiError, ForbiddenError } from '../http/errors';
import { withChannel, withConfirmChannel } from './channel';
import type { RabbitmqConnector } from './connector';
import { atLimit, deliveriesLeft, deliveryCountOf } from './delivery-limit';
import { toInspected } from './message-view';
import { fingerprint, forgetHead, lastReadOf, memoFor, rememberHead, removedCount, type ValidMemo } from './peek-memo';
import { queueReadFacts, type QueueReadFacts } from './read-rule';

/** A stream read stops when no message arrived for this long (the stream has fewer than asked). */
const STREAM_IDLE_MS = 1000;
const INSPECT_TIMEOUT_MS = 15_000;

type InspectBody = z.infer<typeof inspectBodySchema>;
export type PeekRequest = Pick<InspectBody, 'count' | 'confirmDeliveryLimit'> & Partial<Pick<InspectBody, 'offset' | 'fromTimestamp'>>;
export type Delivery = NonNullable<InspectedMessage['delivery']>;
export type PeekedMessage = { msg: Message; delivery: Delivery | null; streamOffset: number | null };
export type PeekResult = Omit<InspectResponse, 'messages'> & { messages: PeekedMessage[] };

/** A read that could use up a message's last delivery and was not confirmed. */
export class DeliveryLimitError extends ApiError {
  static override readonly code = 'DELIVERY_LIMIT';
  constructor(message: string) {
    super(409, DeliveryLimitError.code, message);
  }
}

/**
 * Reads messages of a queue and leaves them there; the connection's masking rules apply to what the caller gets.
 * - Streams: a consumer with x-stream-offset; nothing is taken or changed.
 * - Classic queues: basic.get without ack, then basic.nack(requeue) of each: no delivery limit, the messages come
 *   back in place marked redelivered.
 * - Quorum queues: the same, but a requeue may count toward the queue's delivery limit (server/rabbitmq/delivery-limit.ts).
 *   When it does, the read is refused unless confirmed (409) and refused on read-only connections (403), and a
 *   message that has no counted return left is never requeued: a read stops before one it knows of from its last
 *   read (peek-memo.ts), and one it finds only by taking it is copied to the tail and its original acknowledged.
 */
export async function inspectQueue(c: RabbitmqConnector, vhost: string, name: string, body: InspectBody): Promise<InspectResponse> {
  const masking = callerMaskPlan(c.config.id, name);
  const read = await peekQueue(c, vhost, name, body);
  return {
    ...read,
    messages: read.messages.map((p, i) => maskInspectedMessage({ ...toInspected(p.msg, i, p.streamOffset), delivery: p.delivery }, masking)),
  };
}

export async function peekQueue(c: RabbitmqConnector, vhost: string, name: string, body: PeekRequest): Promise<PeekResult> {
  const facts = await queueReadFacts(c, vhost, name);
  const { rule } = facts;
  const what = `queue "${name}" in vhost "${vhost}"`;
  if (rule.queueType === 'stream') {
    const messages = await withChannel(c, vhost, what, (ch) => readStream(ch, name, body), { timeoutMs: INSPECT_TIMEOUT_MS });
    return { messages, mode: 'stream', countBefore: null, countAfter: null, rule, stopped: null };
  }
  if (rule.confirmNeeded) {
    if (c.config.readOnly) {
      throw new ForbiddenError(
        `Connection "${c.config.id}" is read-only, and reading ${what} could dead-letter messages: ${rule.summary} Read-only connections never make such a read, confirmed or not.`,
      );
    }
    if (!body.confirmDeliveryLimit) throw new DeliveryLimitError(refusal(c, vhost, name, facts, body.count));
  }
  return withConfirmChannel(c, vhost, what, (ch) => readAndRequeue(c, ch, vhost, name, facts, body.count), INSPECT_TIMEOUT_MS);
}

function memoNow(c: RabbitmqConnector, vhost: string, name: string, facts: QueueReadFacts, depth: number | null): ValidMemo | null {
  if (facts.rule.queueType !== 'quorum' || !facts.rule.requeueCounts) return null;
  return memoFor(c.config.id, vhost, name, { removed: removedCount(facts.queue), depth });
}

/** The 409's text: what the read would do to each message Wharf knows of, and what it cannot know. */
function refusal(c: RabbitmqConnector, vhost: string, name: string, facts: QueueReadFacts, count: number): string {
  const { rule } = facts;
  const depth = facts.queue?.messages ?? null;
  const n = depth === null ? count : Math.min(count, depth);
  const head = `Reading ${n} message(s) of quorum queue "${name}" requeues each one. ${rule.summary}`;
  const seen = lastReadOf(memoNow(c, vhost, name, facts, null), rule.limit);
  let known: string;
  if (seen && seen.messages.length > 0) {
    const ago = Math.max(0, Math.round((Date.now() - Date.parse(seen.at)) / 1000));
    const each = seen.messages.slice(0, n).map((m) => {
      if (m.deliveriesLeft === null) return `#${m.position}: delivery count ${m.deliveryCount}`;
      if (m.deliveriesLeft <= 0) return `#${m.position}: at its limit (${m.deliveryCount} of ${rule.limit}), not read: requeueing it would dead-letter it`;
      const after = m.deliveriesLeft - 1;
      return `#${m.position}: ${m.deliveriesLeft} requeue(s) left, ${after} after this read${after === 0 ? ' (then the next requeue or failed delivery dead-letters it)' : ''}`;
    });
    const rest = n > seen.messages.length ? `; messages after #${seen.messages.length} not seen yet` : '';
    known = `As Wharf's last read left them (${ago} s ago): ${each.join('; ')}${rest}.`;
  } else {
    known = 'Wharf has not read this queue yet: a message shows its delivery count only to whoever takes it. One found at its limit is not requeued: Wharf copies it to the tail of the queue and acknowledges the original.';
  }
  return `${head} ${known} Send confirmDeliveryLimit: true to read anyway.`;
}

async function readAndRequeue(c: RabbitmqConnector, ch: ConfirmChannel, vhost: string, name: string, facts: QueueReadFacts, count: number): Promise<PeekResult> {
  const { rule } = facts;
  const before = (await ch.checkQueue(name)).messageCount;
  // Never take more than the queue held at start, so messages requeued by others are not read twice.
  const want = Math.min(count, before);
  const memo = memoNow(c, vhost, name, facts, before);
  let memoInStep = memo !== null;
  const got: PeekedMessage[] = [];
  let stopped: ReadStop | null = null;
  let acked = 0;
  let ranOut = false;
  for (let i = 0; i < want; i++) {
    const known = memoInStep ? memo?.entries[i] : undefined;
    if (known && atLimit(rule, known.deliveryCount)) {
      stopped = {
        reason: 'at-limit',
        position: i + 1,
        message: `Stopped before message #${i + 1}: Wharf's last read left it at its delivery limit (${known.deliveryCount} of ${rule.limit}), and requeueing it would dead-letter it.`,
      };
      break;
    }
    const m = await ch.get(name, { noAck: false });
    if (!m) {
      ranOut = true;
      break;
    }
    if (known && known.fingerprint !== fingerprint(m)) memoInStep = false;
    const dc = deliveryCountOf(m.properties.headers, rule.queueType) ?? 0;
    if (rule.queueType === 'quorum' && atLimit(rule, dc)) {
      const copied = await copyToTail(ch, name, m);
      if (copied) acked++;
      got.push({ msg: m, streamOffset: null, delivery: { count: dc, deliveriesLeft: copied ? rule.limit : null, putBack: copied ? 'copied' : 'dead-lettered' } });
      stopped = atLimitFound(i + 1, dc, rule, copied);
      break;
    }
    const delivery: Delivery | null = rule.queueType === 'quorum' ? { count: dc, deliveriesLeft: deliveriesLeft(rule, dc, true), putBack: 'requeued' } : null;
    got.push({ msg: m, streamOffset: null, delivery });
  }
  // One basic.nack per message, never basic.reject: from 4.3 a reject counts as a failed delivery, a nack does not.
  for (const p of got) if (p.delivery?.putBack !== 'copied') ch.nack(p.msg, false, true);
  let after = (await ch.checkQueue(name)).messageCount;
  // The requeue is asynchronous on quorum queues: give it a moment to show up in the count.
  for (let i = 0; i < 10 && after < before; i++) {
    await new Promise((r) => setTimeout(r, 50));
    after = (await ch.checkQueue(name)).messageCount;
  }
  if (rule.queueType === 'quorum' && rule.requeueCounts) {
    // The head is now what was requeued, in order, one count higher; then what the memo knew beyond the read.
    const requeued = got.filter((p) => p.delivery?.putBack === 'requeued').map((p) => ({ fingerprint: fingerprint(p.msg), deliveryCount: (p.delivery?.count ?? 0) + 1 }));
    const beyond = memoInStep && memo && !ranOut && !got.some((p) => p.delivery?.putBack !== 'requeued') ? memo.entries.slice(got.length) : [];
    const removed = removedCount(facts.queue);
    if (requeued.length + beyond.length > 0) rememberHead(c.config.id, vhost, name, [...requeued, ...beyond], { removed: removed === null ? null : removed + acked, depth: after });
    else forgetHead(c.config.id, vhost, name);
  }
  return { messages: got, mode: 'requeue', countBefore: before, countAfter: after, rule, stopped };
}

function atLimitFound(position: number, count: number, rule: DeliveryRule, copied: boolean): ReadStop {
  const found = `Message #${position} was already at its delivery limit (${count} of ${rule.limit}) when Wharf took it (a message shows its count only to whoever takes it), and requeueing it would have dead-lettered it.`;
  if (copied) {
    return {
      reason: 'copied-at-limit',
      position,
      message: `${found} Instead Wharf published a copy (same body, properties and headers) to the tail of the queue and acknowledged the original: it is still in the queue, behind the others, and its delivery count starts again from 0. The read stopped there.`,
    };
  }
  return { reason: 'dead-lettered-at-limit', position, message: `${found} RabbitMQ refused the copy Wharf tried to put back, so the message was requeued and RabbitMQ dead-letters it. The read stopped there.` };
}

/** Broker-maintained headers: a copy gets its own. */
const BROKER_HEADERS = new Set(['x-delivery-count', 'x-acquired-count']);

/** Publishes a copy of `m` to the tail of its queue and, once the broker confirmed it, acknowledges the original. */
async function copyToTail(ch: ConfirmChannel, queue: string, m: Message): Promise<boolean> {
  const { headers, ...props } = m.properties;
  const kept = Object.fromEntries(Object.entries(headers ?? {}).filter(([k]) => !BROKER_HEADERS.has(k)));
  try {
    ch.publish('', queue, m.content, { ...props, headers: kept, mandatory: true });
    await ch.waitForConfirms();
  } catch {
    // Refused (e.g. the queue's length limit rejects publishes): the caller requeues the original and says so.
    return false;
  }
  ch.ack(m);
  return true;
}

function streamOffsetArgument(body: PeekRequest): unknown {
  if (body.fromTimestamp) return { '!': 'timestamp', value: Math.floor(Date.parse(body.fromTimestamp) / 1000) };
  return body.offset ?? 'first';
}

async function readStream(ch: Channel, name: string, body: PeekRequest): Promise<PeekedMessage[]> {
  await ch.prefetch(Math.min(body.count, 500));
  const got: Message[] = [];
  let consumerTag: string | null = null;
  await new Promise<void>((resolve, reject) => {
    let idle: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(idle);
      idle = setTimeout(resolve, STREAM_IDLE_MS);
    };
    ch.consume(
      name,
      (m) => {
        if (!m) return resolve();
        if (got.length < body.count) got.push(m);
        // A stream ack only gives the consumer credit for more: nothing is removed.
        ch.ack(m);
        if (got.length >= body.count) {
          clearTimeout(idle);
          resolve();
        } else arm();
      },
      { noAck: false, arguments: { 'x-stream-offset': streamOffsetArgument(body) } },
    ).then((ok) => {
      consumerTag = ok.consumerTag;
      arm();
    }, reject);
  });
  if (consumerTag) await ch.cancel(consumerTag).catch(() => undefined);
  return got.map((m) => {
    const offset = m.properties.headers?.['x-stream-offset'];
    return { msg: m, delivery: null, streamOffset: typeof offset === 'number' ? offset : null };
  });
}
