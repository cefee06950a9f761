import 'server-only';
import type { FieldInput, ProduceBody, ProduceResult } from '@/lib/contracts/kafka-messages';
import { produceBodySchema } from '@/lib/contracts/kafka-messages';
import { getConnectorOf } from '../../connections/registry';
import { encodeWithSchema } from '../../messages/schemas/field';
import type { TopicSchemas } from '../../messages/schemas/source';
import { topicSchemas } from '../../messages/schemas/topic-schemas';
import { BadRequestError, NotFoundError, UnavailableError } from '../../http/errors';
import { assertWritable, errorForCode, toApiError } from '../admin-errors';
import { clusterMetadata } from '../cluster';
import type { KafkaConnector } from '../connector';

/** A 1 MiB value as base64 plus headers; the broker's own max.message.bytes is checked by the broker. */
export const PRODUCE_MAX_BODY_BYTES = 3 * 1024 * 1024;
const PRODUCE_TIMEOUT_MS = 10_000;
const UNKNOWN_TOPIC = 3;

/**
 * Bytes of one field as the user gave them; malformed JSON or base64, or a value its schema does not fit, is a 400
 * naming the field. `schema`: the topic's schemas and the side they encode (headers have none).
 */
export function toBytes(input: FieldInput, field: string, schema?: { side: 'key' | 'value'; schemas: TopicSchemas | null }): Buffer | null {
  switch (input.encoding) {
    case 'schema':
      if (!schema) throw new BadRequestError(`Invalid ${field}: only keys and values can be encoded with a schema`);
      try {
        return encodeWithSchema(input.data, schema.side, schema.schemas);
      } catch (e) {
        throw new BadRequestError(`Invalid ${field}: ${e instanceof Error ? e.message : String(e)}`);
      }
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

/**
 * The topic and partition checked against fresh metadata before anything is sent: a missing topic is a 404 and a
 * missing partition a 400 at once, where a producer would retry them until its timeout.
 */
async function checkTarget(connector: KafkaConnector, topic: string, partition: number | null): Promise<void> {
  const meta = await clusterMetadata(connector, [topic]);
  const t = meta.topicMetadata.find((m) => m.topic === topic);
  if (!t || t.topicErrorCode === UNKNOWN_TOPIC) throw new NotFoundError(`Topic "${topic}" does not exist on connection "${connector.config.id}"`);
  if (t.topicErrorCode !== 0) throw errorForCode(t.topicErrorCode, null, `Could not produce to "${topic}"`);
  const count = t.partitionMetadata.length;
  if (partition === null) return;
  const p = t.partitionMetadata.find((x) => x.partitionId === partition);
  if (!p) throw new BadRequestError(`Partition ${partition} is out of range: topic "${topic}" has partitions 0 to ${count - 1}`);
  if (p.leader < 0) throw new UnavailableError(`Partition ${partition} of "${topic}" has no leader right now; try again`);
}

export async function produceMessage(id: string, topic: string, body: ProduceBody): Promise<ProduceResult> {
  const connector = getConnectorOf(id, 'kafka');
  assertWritable(connector);
  const input = produceBodySchema.parse(body);
  const schemas = topicSchemas(id, topic);
  const key = toBytes(input.key, 'key', { side: 'key', schemas });
  const value = toBytes(input.value, 'value', { side: 'value', schemas });
  // One Map entry per header, keyed by a Buffer of its own: a repeated key stays repeated, in order.
  const headers = new Map<Buffer, Buffer>();
  input.headers.forEach((h, i) => {
    headers.set(Buffer.from(h.key, 'utf8'), toBytes(h.value, `header ${i + 1} ("${h.key}")`) ?? Buffer.alloc(0));
  });
  await connector.run('topic metadata', () => checkTarget(connector, topic, input.partition));
  const sent = await connector
    .run(
      'produce',
      async () => {
        const producer = connector.producer;
        // The producer keeps the metadata of the topics it wrote to and trusts it for metadataMaxAge: a topic deleted
        // and created again (with other partitions, or leaders) would be written on that stale view, and an explicit
        // partition reduced modulo a stale partition count. Read this topic's afresh: one request per message a
        // person sends.
        await producer.metadata({ topics: [topic], forceUpdate: true, autocreateTopics: false });
        return producer.send({
          acks: -1,
          autocreateTopics: false,
          messages: [
            {
              topic,
              key: key ?? undefined,
              value: value as Buffer,
              headers,
              ...(input.partition !== null && { partition: input.partition }),
              ...(input.timestamp !== null && { timestamp: BigInt(input.timestamp) }),
            },
          ],
        });
      },
      PRODUCE_TIMEOUT_MS,
    )
    .catch((e: unknown) => {
      throw toApiError(e, `Could not produce to "${topic}"`);
    });
  const meta = sent.offsets?.find((o) => o.topic === topic);
  if (!meta) throw new Error('the broker did not return an offset');
  return { partition: meta.partition, offset: Number(meta.offset) };
}
