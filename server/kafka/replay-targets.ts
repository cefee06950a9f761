import 'server-only';
import type { ChannelModel, ConfirmChannel } from 'amqplib';
import type { IHeaders } from 'kafkajs';
import type { KafkaReplayParams } from '@/lib/contracts/jobs';
import { describeBrokerError } from '../connections/broker-error';
import { ApiError, BadRequestError, UnreachableError } from '../http/errors';
import { withTimeout } from '../http/timeout';
import { writableKafka, writableRabbitmq } from '../jobs/guards';
import { sumOffsets, topicEndOffsets } from '../jobs/verify';
import { openDedicatedAmqp } from '../rabbitmq/amqp';
import type { ReadRecord } from './messages/to-message';
import { KafkaBatchWriter, type Provenance } from './replay-producer';

const SEND_TIMEOUT_MS = 30_000;
/** Metadata and a producer id from a busy cluster (the connection's own client may still be connecting). */
const WRITER_OPEN_TIMEOUT_MS = 30_000;

/** A write that failed, as an error naming the connection it failed on. */
export function namedFailure(what: string, e: unknown): Error {
  if (e instanceof ApiError) return e;
  return new UnreachableError(`${what} failed: ${describeBrokerError(e)}`);
}

export type { Provenance };

/** Where a replay writes. `write` resolves only once the broker acknowledged every message of the batch. */
export interface ReplayTarget {
  /** A count the target's own state advances by per message written (Kafka: sum of end offsets), null when it has none. */
  position(): Promise<number | null>;
  write(records: ReadRecord[]): Promise<void>;
  close(): Promise<void>;
}

function headersOf(r: ReadRecord, provenance: Provenance): IHeaders {
  const out: IHeaders = {};
  for (const [k, v] of Object.entries(r.raw.headers ?? {})) if (v !== null && v !== undefined) out[k] = v;
  if (provenance) {
    out['wharf-source-connection'] = provenance.connection;
    out['wharf-source-topic'] = provenance.topic;
    out['wharf-source-partition'] = String(r.partition);
    out['wharf-source-offset'] = String(r.offset);
  }
  return out;
}

type KafkaTarget = Extract<KafkaReplayParams['target'], { kind: 'kafka' }>;
type RabbitTarget = Extract<KafkaReplayParams['target'], { kind: 'rabbitmq' }>;

async function kafkaTarget(t: KafkaTarget, provenance: Provenance): Promise<ReplayTarget> {
  const c = writableKafka(t.connection, 'target of a replay');
  const writer = await withTimeout(
    KafkaBatchWriter.open(c, { topic: t.topic, partitioning: t.partitioning, partition: t.partition, keepTimestamp: t.keepTimestamp, provenance }),
    WRITER_OPEN_TIMEOUT_MS,
    `Kafka connection "${t.connection}"`,
  ).catch((e: unknown) => {
    throw namedFailure(`Connecting to Kafka connection "${t.connection}"`, e);
  });
  return {
    position: async () => sumOffsets(await topicEndOffsets(c, t.topic)),
    async write(records) {
      await writer.write(records, Date.now() + SEND_TIMEOUT_MS).catch((e: unknown) => {
        throw namedFailure(`Writing to "${t.topic}" on Kafka connection "${t.connection}"`, e);
      });
    },
    close: async () => undefined,
  };
}

/** {key}, {topic}, {partition} and {header:NAME} from the message; anything else stays as written. */
export function routingKeyFor(template: string, r: ReadRecord, topic: string): string {
  return template.replace(/\{(key|topic|partition|header:[^}]+)\}/g, (_, name: string) => {
    if (name === 'key') return r.raw.key?.toString('utf8') ?? '';
    if (name === 'topic') return topic;
    if (name === 'partition') return String(r.partition);
    const v = r.raw.headers?.[name.slice('header:'.length)];
    const one = Array.isArray(v) ? v[v.length - 1] : v;
    return one ? one.toString('utf8') : '';
  });
}

async function rabbitTarget(t: RabbitTarget, sourceTopic: string, provenance: Provenance, jobId: string): Promise<ReplayTarget> {
  const c = writableRabbitmq(t.connection, 'target of a replay');
  const model: ChannelModel = await openDedicatedAmqp(c.config, t.vhost, `wharf job ${jobId}`);
  const ch: ConfirmChannel = await model.createConfirmChannel();
  let returned = 0;
  ch.on('return', () => {
    returned++;
  });
  return {
    position: async () => null,
    async write(records) {
      returned = 0;
      for (const r of records) {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(headersOf(r, provenance))) headers[k] = Array.isArray(v) ? String(v.at(-1)) : String(v);
        ch.publish(t.exchange, routingKeyFor(t.routingKey, r, sourceTopic), r.raw.value ?? Buffer.alloc(0), {
          // mandatory: a message no queue would get comes back (basic.return) instead of vanishing.
          mandatory: true,
          persistent: true,
          headers,
          messageId: `${sourceTopic}/${r.partition}/${r.offset}`,
          timestamp: Math.floor(r.timestamp / 1000),
        });
      }
      await withTimeout(ch.waitForConfirms(), SEND_TIMEOUT_MS, `RabbitMQ "${t.connection}" (publisher confirms)`).catch((e: unknown) => {
        throw namedFailure(`Publishing to exchange "${t.exchange}" on RabbitMQ connection "${t.connection}"`, e);
      });
      if (returned > 0) {
        throw new BadRequestError(
          `${returned} of ${records.length} messages were unroutable: exchange "${t.exchange}" on "${t.connection}" has no binding for their routing key; bind a queue and resume`,
        );
      }
    },
    async close() {
      await ch.close().catch(() => undefined);
      await model.close().catch(() => undefined);
    },
  };
}

export function openReplayTarget(p: KafkaReplayParams, jobId: string): Promise<ReplayTarget> {
  const provenance = p.provenanceHeaders ? { connection: p.source.connection, topic: p.source.topic } : null;
  return p.target.kind === 'kafka' ? kafkaTarget(p.target, provenance) : rabbitTarget(p.target, p.source.topic, provenance, jobId);
}
