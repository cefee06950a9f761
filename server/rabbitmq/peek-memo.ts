import 'server-only';
import { createHash } from 'node:crypto';
import type { Message } from 'amqplib';
import type { LastRead } from '@/lib/contracts/rabbitmq';
import type { MgmtQueueWithTotals } from './schemas';

/**
 * What Wharf's last read of a quorum queue left at its head: each message's fingerprint and the x-delivery-count it
 * will be delivered with next. AMQP shows a message's count only to whoever takes it, and taking a message at its
 * delivery limit already dooms it (its return dead-letters it), so the only way to stop *before* such a message is
 * to remember what an earlier read saw. A quorum queue puts returned messages back at its head in order, so after a
 * read the head is the messages read, each one count higher, until someone takes messages away.
 *
 * The memo is a hint, never trusted blindly: it is dropped when the queue's removal counters (acks, no-ack gets and
 * deliveries) moved or its depth fell since, or after 15 minutes, and each message read is checked against its
 * fingerprint. A stale memo
 * can only make a read stop early; a message at its limit that the memo does not know is still never requeued
 * (server/rabbitmq/inspect.ts copies it back instead). In-process: another Wharf instance has a memo of its own.
 */
type Entry = { fingerprint: string; deliveryCount: number };
export type QueueMark = { removed: number | null; depth: number };
type Memo = { at: number; entries: Entry[]; mark: QueueMark };

/** Older memos are dropped: a queue untouched for this long has likely been consumed, and the hint is not worth it. */
const MEMO_TTL_MS = 15 * 60_000;
const MAX_QUEUES = 1000;
const MAX_ENTRIES = 500;

const KEY = Symbol.for('wharf.rabbitmq.peek-memo');
const memos = ((globalThis as Record<symbol, Map<string, Memo> | undefined>)[KEY] ??= new Map<string, Memo>());

const keyOf = (connection: string, vhost: string, queue: string) => JSON.stringify([connection, vhost, queue]);

/** Broker-maintained headers: they change with each delivery, so they are not part of what identifies a message. */
const VOLATILE_HEADERS = new Set(['x-delivery-count', 'x-acquired-count']);

export function fingerprint(m: Pick<Message, 'content' | 'properties' | 'fields'>): string {
  const { headers, ...props } = m.properties;
  const stable = Object.entries(headers ?? {})
    .filter(([k]) => !VOLATILE_HEADERS.has(k))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const h = createHash('sha256');
  h.update(JSON.stringify([m.fields.exchange, m.fields.routingKey, props, stable], (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
  h.update(m.content);
  return h.digest('base64url');
}

/**
 * How many messages have left the queue for good, by the management API's totals (a counter that never moved is
 * left out: 0); null before the queue's first stats emission, or when the broker keeps no message stats.
 */
export function removedCount(q: Pick<MgmtQueueWithTotals, 'message_stats'> | null): number | null {
  const s = q?.message_stats;
  if (!s) return null;
  return (s.ack ?? 0) + (s.get_no_ack ?? 0) + (s.deliver_no_ack ?? 0);
}

/** Nothing left the queue between the two readings of its totals, as far as they tell. */
function untouched(then: number | null, now: number | null): boolean {
  if (then !== null && now !== null) return then === now;
  // The stats came out after the memo: they must show no removal at all.
  if (then === null && now !== null) return now === 0;
  // Stats that disappeared were reset: nothing can be told. None either time: a fresh queue, no stats yet.
  return then === null && now === null;
}

export type ValidMemo = { at: number; entries: readonly Entry[] };

/** The memo when nothing took messages from the queue since it was written (as far as the broker's totals tell). */
export function memoFor(connection: string, vhost: string, queue: string, now: { removed: number | null; depth: number | null }): ValidMemo | null {
  const key = keyOf(connection, vhost, queue);
  const memo = memos.get(key);
  if (!memo) return null;
  const fresh = Date.now() - memo.at < MEMO_TTL_MS;
  const same = untouched(memo.mark.removed, now.removed) && (now.depth === null || now.depth >= memo.mark.depth);
  if (!fresh || !same) {
    memos.delete(key);
    return null;
  }
  return memo;
}

export function rememberHead(connection: string, vhost: string, queue: string, entries: Entry[], mark: QueueMark): void {
  const key = keyOf(connection, vhost, queue);
  memos.delete(key);
  if (entries.length === 0) return;
  if (memos.size >= MAX_QUEUES) memos.delete(memos.keys().next().value as string);
  memos.set(key, { at: Date.now(), entries: entries.slice(0, MAX_ENTRIES), mark });
}

export function forgetHead(connection: string, vhost: string, queue: string): void {
  memos.delete(keyOf(connection, vhost, queue));
}

export function lastReadOf(memo: ValidMemo | null, limit: number | null): LastRead | null {
  if (!memo) return null;
  return {
    at: new Date(memo.at).toISOString(),
    messages: memo.entries.map((e, i) => ({ position: i + 1, deliveryCount: e.deliveryCount, deliveriesLeft: limit === null ? null : limit - e.deliveryCount })),
  };
}
