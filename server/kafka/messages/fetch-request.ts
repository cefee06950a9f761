import 'server-only';
import { createAPI, Writer, type API, type Reader } from '@platformatic/kafka';

/*
 * Fetch, as Wharf's own definition on the library's public primitives (createAPI, Writer, Reader): the library's
 * own Fetch decodes every record into objects (bigint offsets and timestamps, a Map per header set), which costs
 * more than the whole filter in a scan. This one keeps each partition's records as the broker's bytes, for
 * record-batch.ts to visit in place.
 *
 * Versions: v12 (flexible fields; Kafka 2.7+) and v11 (Kafka 2.3+). Both name topics; v13 and later identify them by
 * topic id, which would need a Metadata lookup for every read. Kafka 3.9 and 4.x answer both. Brokers refuse Fetch
 * below v10 for topics configured with compression.type=zstd (KIP-110).
 */

export type FetchPartitionQuery = { partition: number; offset: number; maxBytes: number };

export type FetchQuery = {
  topic: string;
  partitions: FetchPartitionQuery[];
  maxWaitMs: number;
  /** Bytes of the whole answer; a first batch larger than this still comes whole (KIP-74). */
  maxBytes: number;
  /** 0: read uncommitted (to the high watermark), 1: read committed (to the last stable offset). */
  isolation: number;
};

/** A transaction the broker knows was aborted, overlapping the fetched range (only sent with read committed). */
export type AbortedTransaction = { producerId: number; firstOffset: number };

export type FetchedPartition = {
  topic: string;
  partition: number;
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  /** Null when the broker sent none (read uncommitted, or none overlaps). */
  abortedTransactions: AbortedTransaction[] | null;
  /** The partition's record bytes as the broker sent them (whole batches, the last one possibly cut), or null. */
  records: Buffer | null;
};

/** The partitions answered, of every topic asked (Wharf asks one topic at a time). */
export type FetchAnswer = { errorCode: number; partitions: FetchedPartition[] };

function createRequest(flexible: boolean, q: FetchQuery): Writer {
  const w = Writer.create()
    .appendInt32(-1) // replica id: a consumer, not a follower
    .appendInt32(q.maxWaitMs)
    .appendInt32(1) // min bytes
    .appendInt32(q.maxBytes)
    .appendInt8(q.isolation)
    .appendInt32(0) // session id: none (KIP-227)
    .appendInt32(-1); // session epoch: a full fetch outside any session
  w.appendArray(
    [q.topic],
    (tw, topic) => {
      tw.appendString(topic, flexible).appendArray(
        q.partitions,
        (pw, p) => {
          pw.appendInt32(p.partition).appendInt32(-1).appendInt64(BigInt(p.offset)); // current leader epoch: not checked
          if (flexible) pw.appendInt32(-1); // last fetched epoch: only followers send it
          pw.appendInt64(-1n).appendInt32(p.maxBytes); // log start offset: only followers send it
        },
        flexible,
        flexible,
      );
    },
    flexible,
    flexible,
  );
  w.appendArray([], () => undefined, flexible, flexible); // forgotten topics: none
  w.appendString('', flexible); // rack id
  if (flexible) w.appendTaggedFields();
  return w;
}

function parseResponse(flexible: boolean, r: Reader): FetchAnswer {
  r.readInt32(); // throttle time
  const errorCode = r.readInt16();
  r.readInt32(); // session id
  const partitions: FetchedPartition[] = [];
  const topics = flexible ? r.readUnsignedVarInt() - 1 : r.readInt32();
  for (let t = 0; t < topics; t++) {
    const name = r.readString(flexible);
    const count = flexible ? r.readUnsignedVarInt() - 1 : r.readInt32();
    for (let i = 0; i < count; i++) {
      const partition = r.readInt32();
      const partitionError = r.readInt16();
      const highWatermark = Number(r.readInt64());
      const lastStableOffset = Number(r.readInt64());
      const logStartOffset = Number(r.readInt64());
      const abortedTransactions = r.readNullableArray((a) => ({ producerId: Number(a.readInt64()), firstOffset: Number(a.readInt64()) }), flexible, flexible);
      r.readInt32(); // preferred read replica
      let size = flexible ? r.readUnsignedVarInt() - 1 : r.readInt32();
      // A contiguous copy only when the answer arrived in several socket chunks (DynamicBuffer.slice).
      const records = size > 0 ? r.buffer.slice(r.position, r.position + size) : null;
      if (size < 0) size = 0;
      r.skip(size);
      if (flexible) r.readTaggedFields(); // diverging epoch, current leader, snapshot id: follower matters
      partitions.push({ topic: name, partition, errorCode: partitionError, highWatermark, lastStableOffset, logStartOffset, abortedTransactions, records });
    }
    if (flexible) r.readTaggedFields();
  }
  if (flexible) r.readTaggedFields();
  return { errorCode, partitions };
}

type FetchApi = API<[FetchQuery], FetchAnswer>;

function fetchApi(version: number, flexible: boolean): FetchApi {
  return createAPI<[FetchQuery], FetchAnswer>(
    1,
    version,
    (q: FetchQuery) => createRequest(flexible, q),
    (_correlationId, _apiKey, _apiVersion, reader) => parseResponse(flexible, reader),
    flexible,
    flexible,
  );
}

/** Newest first, as KafkaConnector.send wants them. */
export const FETCH_APIS: FetchApi[] = [fetchApi(12, true), fetchApi(11, false)];
