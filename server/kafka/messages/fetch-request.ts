import 'server-only';
import { KafkaJSOffsetOutOfRange } from 'kafkajs/src/errors.js';
import { createErrorFromCode } from 'kafkajs/src/protocol/error.js';
import type { ProtocolRequest } from '../protocol/wire';

export type FetchedPartition = {
  /** Null when the broker's answer did not include the partition. */
  highWatermark: number | null;
  /** The partition's record bytes as the broker sent them (whole batches, the last one possibly cut), or null. */
  records: Buffer | null;
};

export type FetchPartitionRequest = {
  topic: string;
  partition: number;
  offset: number;
  maxWaitMs: number;
  maxBytes: number;
  partitionMaxBytes: number;
  isolationLevel: number;
};

const FETCH_API_KEY = 1;
const OFFSET_OUT_OF_RANGE = 1;
/** As kafkajs does: a Fetch may wait maxWaitMs at the broker, so its timeout is at least that. */
const NETWORK_DELAY_MS = 100;

/**
 * Fetch v4 (KIP-98) of one partition, decoded here rather than by kafkajs: kafkajs turns every record into an object
 * with offsets and timestamps as strings computed through its Long class, which cost more than the whole filter in a
 * scan. This keeps the records as the broker's bytes (see record-batch.ts). v4 is the oldest version Kafka 4 still
 * answers and has every field a replica-less reader needs; partition errors throw kafkajs's own errors, as its
 * Fetch does.
 */
export function fetchPartitionRequest(q: FetchPartitionRequest): ProtocolRequest<FetchedPartition> {
  return {
    request: {
      apiKey: FETCH_API_KEY,
      apiVersion: 4,
      apiName: 'Fetch',
      encode: async () => {
        const topic = Buffer.from(q.topic, 'utf8');
        const b = Buffer.alloc(17 + 4 + 2 + topic.length + 4 + 16);
        let at = b.writeInt32BE(-1, 0); // replica id: a consumer, not a follower
        at = b.writeInt32BE(q.maxWaitMs, at);
        at = b.writeInt32BE(1, at); // min bytes
        at = b.writeInt32BE(q.maxBytes, at);
        at = b.writeInt8(q.isolationLevel, at);
        at = b.writeInt32BE(1, at);
        at = b.writeInt16BE(topic.length, at);
        at += topic.copy(b, at);
        at = b.writeInt32BE(1, at);
        at = b.writeInt32BE(q.partition, at);
        at = b.writeBigInt64BE(BigInt(q.offset), at);
        b.writeInt32BE(q.partitionMaxBytes, at);
        // kafkajs's Encoder#writeEncoder only reads these two.
        return { buf: b, buffer: b };
      },
    },
    response: {
      decode: async (raw) => decodeFetchResponse(raw, q),
      parse: async (data) => data,
    },
    requestTimeout: q.maxWaitMs + NETWORK_DELAY_MS,
  };
}

export function decodeFetchResponse(raw: Buffer, q: Pick<FetchPartitionRequest, 'topic' | 'partition'>): FetchedPartition {
  let at = 4; // throttle time
  const topics = raw.readInt32BE(at);
  at += 4;
  for (let t = 0; t < topics; t++) {
    const nameLength = raw.readInt16BE(at);
    const name = raw.toString('utf8', at + 2, at + 2 + nameLength);
    at += 2 + nameLength;
    const partitions = raw.readInt32BE(at);
    at += 4;
    for (let i = 0; i < partitions; i++) {
      const partition = raw.readInt32BE(at);
      const errorCode = raw.readInt16BE(at + 4);
      const highWatermark = Number(raw.readBigInt64BE(at + 6));
      at += 4 + 2 + 8 + 8; // partition, error code, high watermark, last stable offset
      const aborted = raw.readInt32BE(at);
      at += 4 + Math.max(0, aborted) * 16;
      const size = raw.readInt32BE(at);
      at += 4;
      const records = size > 0 ? raw.subarray(at, Math.min(at + size, raw.length)) : null;
      at += Math.max(0, size);
      if (name !== q.topic || partition !== q.partition) continue;
      if (errorCode !== 0) {
        const e = createErrorFromCode(errorCode);
        throw errorCode === OFFSET_OUT_OF_RANGE ? new KafkaJSOffsetOutOfRange(e, { topic: name, partition }) : e;
      }
      return { highWatermark, records };
    }
  }
  return { highWatermark: null, records: null };
}
