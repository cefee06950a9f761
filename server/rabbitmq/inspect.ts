import 'server-only';
import type { Channel, Message } from 'amqplib';
import type { z } from 'zod';
import type { InspectResponse, inspectBodySchema } from '@/lib/contracts/rabbitmq-messages';
import { callerMaskPlan } from '../auth/caller-masking';
import { maskInspectedMessage } from '../auth/masking';
import { withChannel } from './channel';
import type { RabbitmqConnector } from './connector';
import { mgmtPath } from './management-client';
import { toInspected } from './message-view';
import { mgmtQueueSchema } from './schemas';

/** A stream read stops when no message arrived for this long (the stream has fewer than asked). */
const STREAM_IDLE_MS = 1000;
const INSPECT_TIMEOUT_MS = 15_000;

export async function queueType(c: RabbitmqConnector, vhost: string, name: string): Promise<string | null> {
  try {
    const q = await c.management.get(`queues/${mgmtPath(vhost, name)}?columns=type,name,vhost`, mgmtQueueSchema);
    return q.type ?? null;
  } catch (e) {
    if ((e as { status?: number }).status === 404) throw e;
    // Management down, AMQP up: treat the queue as classic/quorum, which basic.get serves.
    return null;
  }
}

/**
 * Reads messages and puts them back. Classic and quorum queues: basic.get without ack, then one nack(requeue) for
 * all of them on a channel of its own; each message comes back marked redelivered, and a quorum queue counts the
 * return toward its delivery limit. Streams: a consumer from an offset, nothing is removed. Either way the
 * connection's masking rules apply to what the caller gets.
 */
export async function inspectQueue(c: RabbitmqConnector, vhost: string, name: string, body: z.infer<typeof inspectBodySchema>): Promise<InspectResponse> {
  const masking = callerMaskPlan(c.config.id, name);
  const read = await readQueue(c, vhost, name, body);
  return { ...read, messages: read.messages.map((m) => maskInspectedMessage(m, masking)) };
}

async function readQueue(c: RabbitmqConnector, vhost: string, name: string, body: z.infer<typeof inspectBodySchema>): Promise<InspectResponse> {
  const type = await queueType(c, vhost, name);
  const what = `queue "${name}" in vhost "${vhost}"`;
  if (type === 'stream') return withChannel(c, vhost, what, (ch) => readStream(ch, name, body), { timeoutMs: INSPECT_TIMEOUT_MS });
  return withChannel(
    c,
    vhost,
    what,
    async (ch) => {
      const before = (await ch.checkQueue(name)).messageCount;
      const got: Message[] = [];
      // Never take more than the queue held at start, so messages requeued by others are not read twice.
      const want = Math.min(body.count, before);
      for (let i = 0; i < want; i++) {
        const m = await ch.get(name, { noAck: false });
        if (!m) break;
        got.push(m);
      }
      if (got.length) ch.nackAll(true);
      let after = (await ch.checkQueue(name)).messageCount;
      // The requeue is asynchronous on quorum queues: give it a moment to show up in the count.
      for (let i = 0; i < 10 && after < before; i++) {
        await new Promise((r) => setTimeout(r, 50));
        after = (await ch.checkQueue(name)).messageCount;
      }
      return { messages: got.map((m, i) => toInspected(m, i)), mode: 'requeue' as const, countBefore: before, countAfter: after };
    },
    { timeoutMs: INSPECT_TIMEOUT_MS },
  );
}

function streamOffsetArgument(body: z.infer<typeof inspectBodySchema>): unknown {
  if (body.fromTimestamp) return { '!': 'timestamp', value: Math.floor(Date.parse(body.fromTimestamp) / 1000) };
  return body.offset ?? 'first';
}

async function readStream(ch: Channel, name: string, body: z.infer<typeof inspectBodySchema>): Promise<InspectResponse> {
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
  return {
    messages: got.map((m, i) => {
      const offset = m.properties.headers?.['x-stream-offset'];
      return toInspected(m, i, typeof offset === 'number' ? offset : null);
    }),
    mode: 'stream',
    countBefore: null,
    countAfter: null,
  };
}
