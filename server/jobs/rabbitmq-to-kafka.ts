import 'server-only';
import type { GetMessage } from 'amqplib';
import { compatibilityPartitioner, type MessageToProduce, type Partitioner } from '@platformatic/kafka';
import type { RabbitmqToKafkaParams } from '@/lib/contracts/jobs';
import { compileFilter, RABBITMQ_FILTER_VARIABLES } from '../filters/cel';
import { NotFoundError } from '../http/errors';
import { toApiError } from '../kafka/admin-errors';
import { clusterMetadata } from '../kafka/cluster';
import { withTimeout } from '../http/timeout';
import { filterValue } from '../messages/decode';
import { openDedicatedAmqp } from '../rabbitmq/amqp';
import { amqpChannelError } from '../rabbitmq/channel';
import { fromAmqpTable, headersForFilter } from '../rabbitmq/headers';
import { writableKafka, writableRabbitmq } from './guards';
import { topicEndOffsets, verifyAdvance } from './verify';
import type { JobHandler } from './types';

const BATCH = 500;
const UNKNOWN_TOPIC = 3;
const SEND_TIMEOUT_MS = 30_000;

type Checkpoint = { inFlight: number };

/** The AMQP message's headers as Kafka headers (bytes; tables and arrays as JSON), with where it came from. */
function kafkaHeaders(msg: GetMessage): Map<Buffer, Buffer> {
  const out = new Map<Buffer, Buffer>();
  const add = (k: string, v: string | Buffer) => out.set(Buffer.from(k), Buffer.isBuffer(v) ? v : Buffer.from(v));
  for (const [k, v] of Object.entries(msg.properties.headers ?? {})) {
    if (v === null || v === undefined) continue;
    add(k, Buffer.isBuffer(v) ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  add('wharf-source-exchange', msg.fields.exchange);
  add('wharf-source-routing-key', msg.fields.routingKey);
  if (msg.properties.contentType) add('content-type', String(msg.properties.contentType));
  return out;
}

function keyOf(msg: GetMessage, key: RabbitmqToKafkaParams['target']['key']): Buffer | undefined {
  if (key === 'message-id') return msg.properties.messageId ? Buffer.from(String(msg.properties.messageId)) : undefined;
  const v = msg.properties.headers?.[key.header];
  return v === undefined || v === null ? undefined : Buffer.isBuffer(v) ? v : Buffer.from(String(v));
}

/**
 * Keys go where the Java client puts them (murmur2, as kafkajs did before); keyless messages are spread round-robin.
 * The library's own default hashes keys differently, and sends every keyless message to partition 0 with a partitioner.
 */
function drainPartitioner(): Partitioner<Buffer, Buffer, Buffer, Buffer> {
  let next = 0;
  return (message, key) => (key ? compatibilityPartitioner(message, key) : next++);
}

/**
 * Drains a queue into a Kafka topic. Each queue message is acked only after Kafka acknowledged its write (acks=all,
 * idempotent producer), so a crash leaves every message in the queue, in Kafka, or (one batch at most) in both.
 * Messages the filter does not match are held unacked for the pass and returned to the queue at the end, which
 * also keeps the pass finite: it reads at most the messages the queue held when it started.
 */
export const rabbitmqToKafka: JobHandler<RabbitmqToKafkaParams> = {
  async validate(p) {
    writableRabbitmq(p.source.connection, 'source of a drain (its messages are removed)');
    const kafka = writableKafka(p.target.connection, 'target of a drain');
    if (p.source.filter) compileFilter(p.source.filter, RABBITMQ_FILTER_VARIABLES);
    const meta = await kafka.run('target metadata', (k) => clusterMetadata(k, [p.target.topic]));
    const topic = meta.topicMetadata.find((t) => t.topic === p.target.topic);
    if (!topic || topic.topicErrorCode === UNKNOWN_TOPIC) throw new NotFoundError(`Topic "${p.target.topic}" does not exist on "${p.target.connection}"`);
  },

  async run(ctx) {
    const { source, target } = ctx.params;
    const filter = source.filter ? compileFilter(source.filter, RABBITMQ_FILTER_VARIABLES) : null;
    const rabbit = writableRabbitmq(source.connection, 'source');
    const kafka = writableKafka(target.connection, 'target');
    const previous = (ctx.resumeFrom as Checkpoint | null)?.inFlight ?? 0;

    const amqp = await openDedicatedAmqp(rabbit.config, source.vhost, `wharf job ${ctx.id}`);
    const producer = kafka.jobProducer();
    const partitioner = drainPartitioner();
    const held: GetMessage[] = [];
    try {
      const ch = await amqp.createChannel().catch((e: unknown) => {
        throw amqpChannelError(e, 'AMQP channel');
      });
      const { messageCount } = await ch.checkQueue(source.queue).catch((e: unknown) => {
        throw amqpChannelError(e, `Queue "${source.queue}" in vhost "${source.vhost}"`);
      });
      const before = await topicEndOffsets(kafka, target.topic);
      const wanted = source.limit ?? Number.POSITIVE_INFINITY;
      let read = 0;
      let matched = 0;
      let written = 0;
      let empty = false;
      ctx.progress({ phase: ctx.dryRun ? 'counting' : 'draining', total: Math.min(messageCount, wanted) });

      while (!ctx.signal.aborted && !empty && read < messageCount && matched < wanted) {
        const batch: GetMessage[] = [];
        while (batch.length < BATCH && read < messageCount && matched < wanted) {
          const msg = await ch.get(source.queue, { noAck: false });
          if (msg === false) {
            empty = true;
            break;
          }
          read++;
          const matches = !filter || filter.matches({
            value: filterValue(msg.content),
            headers: headersForFilter(fromAmqpTable(msg.properties.headers)),
            properties: { contentType: msg.properties.contentType ?? null, messageId: msg.properties.messageId ?? null, type: msg.properties.type ?? null },
            routingKey: msg.fields.routingKey,
            exchange: msg.fields.exchange,
            redelivered: msg.fields.redelivered,
            size: BigInt(msg.content.length),
          });
          if (matches) matched++;
          (matches && !ctx.dryRun ? batch : held).push(msg);
        }
        ctx.progress({ read, matched, skipped: read - matched });
        if (batch.length === 0) continue;
        const messages: MessageToProduce[] = batch.map((m) => ({ topic: target.topic, key: keyOf(m, target.key), value: m.content, headers: kafkaHeaders(m) }));
        await ctx.checkpoint({ inFlight: batch.length } satisfies Checkpoint);
        // Idempotent (KIP-98): a request the library sends again after a lost answer is written once.
        await withTimeout(producer.send({ messages, idempotent: true, partitioner }), SEND_TIMEOUT_MS, `Kafka connection "${target.connection}"`).catch((e: unknown) => {
          throw toApiError(e, `Writing to "${target.topic}" on Kafka connection "${target.connection}"`);
        });
        for (const m of batch) ch.ack(m);
        written += batch.length;
        ctx.progress({ written, confirmed: written });
        await ctx.checkpoint({ inFlight: 0 } satisfies Checkpoint);
      }
      // Non-matching (and, in a dry run, all) messages go back to the queue, in one go.
      for (const m of held) ch.nack(m, false, true);
      held.length = 0;
      await ch.close();
      ctx.progress({ phase: 'verifying' });
      if (ctx.dryRun) {
        return {
          verified: null,
          details: [`${matched} of ${read} messages read match and would be moved; nothing was written and every message is back in "${source.queue}"`],
          possibleDuplicates: 0,
        };
      }
      const check = verifyAdvance(target.topic, before, await topicEndOffsets(kafka, target.topic), written);
      return {
        verified: check.verified,
        details: [`read ${read}, wrote ${written} to ${target.topic} with acks=all, acked ${written} in "${source.queue}", returned ${read - written} to it`, check.detail],
        possibleDuplicates: previous,
      };
    } finally {
      // The job producer is the connection's, closed with it.
      // Closing the connection returns any still-unacked message to the queue: nothing is lost on failure or cancel.
      await amqp.close().catch(() => undefined);
    }
  },
};
