import 'server-only';
import { Partitioners, type Producer } from 'kafkajs';
import type { BytesInput, ProduceBody, ProduceResult } from '@/lib/contracts/kafka-messages';
import { produceBodySchema } from '@/lib/contracts/kafka-messages';
import { getConnectorOf } from '../../connections/registry';
import { BadRequestError } from '../../http/errors';
import { BROKER_CALL_TIMEOUT_MS, withTimeout } from '../../http/timeout';
import { assertWritable, toApiError } from '../admin-errors';
import type { KafkaConnector } from '../connector';
import { withCluster } from '../raw-cluster';
import { topicPartitions } from './read';

/** A 1 MiB value as base64 plus headers; the broker's own max.message.bytes is checked by the broker. */
export const PRODUCE_MAX_BODY_BYTES = 3 * 1024 * 1024;
const PRODUCE_TIMEOUT_MS = 10_000;

const producers = new WeakMap<KafkaConnector, Promise<Producer>>();

function producerFor(connector: KafkaConnector): Promise<Producer> {
  let p = producers.get(connector);
  if (!p) {
    // Never create a topic as a side effect of producing to a mistyped name.
    const producer = connector.kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner, retry: { retries: 1 } });
    p = withTimeout(producer.connect(), BROKER_CALL_TIMEOUT_MS, `Kafka connection "${connector.config.id}" (producer)`).then(
      () => producer,
      (e: unknown) => {
        producers.delete(connector);
        void producer.disconnect().catch(() => undefined);
        throw e;
      },
    );
    producers.set(connector, p);
    connector.onClose(async () => {
      producers.delete(connector);
      await producer.disconnect().catch(() => undefined);
    });
  }
  return p;
}

/** Bytes of one field as the user gave them; malformed JSON or base64 is a 400 naming the field. */
export function toBytes(input: BytesInput, field: string): Buffer | null {
  switch (input.encoding) {
    case 'null':
      return null;
    case 'text':
      return Buffer.from(input.data, 'utf8');
    case 'json':
      try {
        JSON.parse(input.data);
      } catch (e) {
        throw new BadRequestError(`Invalid ${field}: not valid JSON (${e instanceof Error ? e.message : 'parse error'})`);
      }
      return Buffer.from(input.data, 'utf8');
    case 'base64': {
      const clean = input.data.replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) throw new BadRequestError(`Invalid ${field}: not valid base64`);
      return Buffer.from(clean, 'base64');
    }
  }
}

export async function produceMessage(id: string, topic: string, body: ProduceBody): Promise<ProduceResult> {
  const connector = getConnectorOf(id, 'kafka');
  assertWritable(connector);
  const input = produceBodySchema.parse(body);
  const key = toBytes(input.key, 'key');
  const value = toBytes(input.value, 'value');
  const headers: Record<string, Buffer[]> = {};
  input.headers.forEach((h, i) => {
    const v = toBytes(h.value, `header ${i + 1} ("${h.key}")`);
    (headers[h.key] ??= []).push(v ?? Buffer.alloc(0));
  });
  // Checks the topic and partition first: kafkajs would otherwise retry an unknown topic until its timeout.
  await withCluster(connector, 'topic metadata', (cluster) => topicPartitions(cluster, topic, input.partition === null ? undefined : [input.partition], id));
  const producer = await producerFor(connector);
  const sent = await withTimeout(
    producer.send({
      topic,
      acks: -1,
      messages: [
        {
          key,
          value,
          headers,
          ...(input.partition !== null && { partition: input.partition }),
          ...(input.timestamp !== null && { timestamp: String(input.timestamp) }),
        },
      ],
    }),
    PRODUCE_TIMEOUT_MS,
    `Kafka connection "${id}" (produce)`,
  ).catch((e: unknown) => {
    throw toApiError(e, `Could not produce to "${topic}"`);
  });
  const meta = sent[0];
  if (!meta || meta.baseOffset === undefined) throw new Error('the broker did not return an offset');
  return { partition: meta.partition, offset: Number(meta.baseOffset) };
}
