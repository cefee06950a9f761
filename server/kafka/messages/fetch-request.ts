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
const FETCH_VERSION = 11;
const OFFSET_OUT_OF_RANGE = 1;
/** As kafkajs does: a Fetch may wait maxWaitMs at the broker, so its timeout is at least that. */
const NETWORK_DELAY_MS = 100;

/**
 * Fetch v11 of one partition, decoded here rather than by kafkajs: kafkajs turns every record into an object with
 * offsets and timestamps as strings computed through its Long class, which cost more than the whole filter in a
 * scan. This keeps the records as the broker's bytes (see record-batch.ts). v11 (Kafka 2.3+, still answered by
 * Kafka 4) is the newest version without flexible fields; a broker refuses versions below 10 for topics configured
 * with compression.type=zstd (KIP-110). Partition errors throw kafkajs's own errors, as its Fetch does.
 */
export function fetchPartitionRequest(q: FetchPartitionRequest): ProtocolRequest<FetchedPartition> {
  return {
    request: {
      apiKey: FETCH_API_KEY,
      apiVersion: FETCH_VERSION,
      apiName: 'Fetch',
      encode: async () => {
        const topic = Buffer.from(q.topic, 'utf8');
        const b = Buffer.alloc(25 + 4 + 2 + topic.length + 4 + 28 + 4 + 2);
        let at = b.writeInt32BE(-1, 0); // replica id: a consumer, not a follower
        at = b.writeInt32BE(q.maxWaitMs, at);
        at = b.writeInt32BE(1, at); // min bytes
        at = b.writeInt32BE(q.maxBytes, at);
        at = b.writeInt8(q.isolationLevel, at);
        at = b.writeInt32BE(0, at); // session id: none (KIP-227)
        at = b.writeInt32BE(-1, at); // session epoch: a full fetch outside any session
        at = b.writeInt32BE(1, at);
        at = b.writeInt16BE(topic.length, at);
        at += topic.copy(b, at);
        at = b.writeInt32BE(1, at);
        at = b.writeInt32BE(q.partition, at);
        at = b.writeInt32BE(-1, at); // current leader epoch: not checked
        at = b.writeBigInt64BE(BigInt(q.offset), at);
        at = b.writeBigInt64BE(-1n, at); // log start offset: only followers send it
        at = b.writeInt32BE(q.partitionMaxBytes, at);
        at = b.writeInt32BE(0, at); // forgotten topics: none
        b.writeInt16BE(0, at); // rack id: "" (a non-nullable string)
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
  const topError = raw.readInt16BE(4); // after the throttle time
  if (topError !== 0) throw createErrorFromCode(topError);
  let at = 4 + 2 + 4; // throttle time, error code, session id
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
      at += 4 + 2 + 8 + 8 + 8; // partition, error code, high watermark, last stable offset, log start offset
      const aborted = raw.readInt32BE(at);
      at += 4 + Math.max(0, aborted) * 16 + 4; // aborted transactions, preferred read replica
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
