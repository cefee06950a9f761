import 'server-only';
import type { KafkaReplayParams } from '@/lib/contracts/jobs';
import { describeBrokerError } from '../connections/broker-error';
import { ApiError, UnreachableError } from '../http/errors';
import { withTimeout } from '../http/timeout';
import type { ReadRecord } from '../kafka/messages/to-message';
import type { Provenance } from '../kafka/replay-batch';
import { KafkaBatchWriter, targetPartitionOf } from '../kafka/replay-producer';
import { openConfirmedPublisher, type OutgoingMessage } from '../rabbitmq/replay-target';
import { writableKafka, writableRabbitmq } from './guards';
import { sumOffsets, topicEndOffsets } from './verify';

const SEND_TIMEOUT_MS = 30_000;
/** Metadata and a producer id from a busy cluster (the connection's own client may still be connecting). */
const WRITER_OPEN_TIMEOUT_MS = 30_000;

/** A failure as an error naming the connection it happened on. */
export function namedFailure(what: string, e: unknown): Error {
  if (e instanceof ApiError) return e;
  return new UnreachableError(`${what} failed: ${describeBrokerError(e)}`);
}

/** Where a replay writes. `write` resolves only once the broker acknowledged every message of the batch. */
export interface ReplayTarget {
  /** A count the target's own state advances by per message written (Kafka: sum of end offsets), null when it has none. */
  position(): Promise<number | null>;
  write(records: ReadRecord[]): Promise<void>;
  close(): Promise<void>;
}

/** Where a Kafka target's messages go, computed as its writer routes them, and the end offsets that shows. */
export type Router = { ends(): Promise<Map<number, number>>; partitionOf(r: ReadRecord, partitionCount: number): number };

type KafkaTarget = Extract<KafkaReplayParams['target'], { kind: 'kafka' }>;
type RabbitTarget = Extract<KafkaReplayParams['target'], { kind: 'rabbitmq' }>;

export function kafkaRouter(p: KafkaReplayParams): Router | null {
  const t = p.target;
  if (t.kind !== 'kafka') return null;
  const kafka = writableKafka(t.connection, 'target of a replay');
  return { ends: () => topicEndOffsets(kafka, t.topic), partitionOf: (r, n) => targetPartitionOf(t, n, r) };
}

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
    // The writer sends on the connection's job producer, which the connection closes.
    close: async () => undefined,
  };
}

/** The last value of a header (a key sent more than once has several), as text. */
function lastValue(v: Buffer | Buffer[] | null | undefined): Buffer | null {
  return Array.isArray(v) ? (v[v.length - 1] ?? null) : (v ?? null);
}

/** {key}, {topic}, {partition} and {header:NAME} from the message; anything else stays as written. */
export function routingKeyFor(template: string, r: ReadRecord, topic: string): string {
  return template.replace(/\{(key|topic|partition|header:[^}]+)\}/g, (_, name: string) => {
    if (name === 'key') return r.raw.key?.toString('utf8') ?? '';
    if (name === 'topic') return topic;
    if (name === 'partition') return String(r.partition);
    return lastValue(r.raw.headers?.[name.slice('header:'.length)])?.toString('utf8') ?? '';
  });
}

/** A Kafka record as the AMQP message a replay publishes: headers as text (the last of repeated ones), provenance added. */
export function toOutgoing(r: ReadRecord, routingKeyTemplate: string, sourceTopic: string, provenance: Provenance): OutgoingMessage {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.raw.headers ?? {})) {
    const one = lastValue(v);
    if (one !== null) headers[k] = one.toString('utf8');
  }
  if (provenance) {
    headers['wharf-source-connection'] = provenance.connection;
    headers['wharf-source-topic'] = provenance.topic;
    headers['wharf-source-partition'] = String(r.partition);
    headers['wharf-source-offset'] = String(r.offset);
  }
  return {
    routingKey: routingKeyFor(routingKeyTemplate, r, sourceTopic),
    body: r.raw.value ?? Buffer.alloc(0),
    headers,
    messageId: `${sourceTopic}/${r.partition}/${r.offset}`,
    timestampMs: r.timestamp,
  };
}

async function rabbitTarget(t: RabbitTarget, sourceTopic: string, provenance: Provenance, jobId: string): Promise<ReplayTarget> {
  const c = writableRabbitmq(t.connection, 'target of a replay');
  const publisher = await openConfirmedPublisher(c, t.vhost, t.exchange, `wharf job ${jobId}`);
  return {
    position: async () => null,
    write: (records) => publisher.publish(records.map((r) => toOutgoing(r, t.routingKey, sourceTopic, provenance))),
    close: () => publisher.close(),
  };
}

export function openReplayTarget(p: KafkaReplayParams, jobId: string): Promise<ReplayTarget> {
  const provenance = p.provenanceHeaders ? { connection: p.source.connection, topic: p.source.topic } : null;
  return p.target.kind === 'kafka' ? kafkaTarget(p.target, provenance) : rabbitTarget(p.target, p.source.topic, provenance, jobId);
}
