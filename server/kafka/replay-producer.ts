import 'server-only';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { NotFoundError, UnreachableError } from '../http/errors';
import type { KafkaConnector } from './connector';
import type { ReadRecord } from './messages/to-message';
import type { ProtocolRequest } from './protocol/wire';
import { clusterMetadata, rawCluster, dropRawCluster, anyBroker, type RawBroker, type RawCluster } from './raw-cluster';

/*
 * The replay's Kafka writer: an idempotent producer (KIP-98) that encodes record batches straight from the records
 * read, one produce request per leader carrying one batch for each of its partitions. kafkajs's producer cost a
 * replay most of its time: it copies each partition's message list once per message while grouping (quadratic in
 * the batch), builds an object per record and per header, and serialises requests per broker anyway when
 * idempotent. Sequence numbers are ours, per partition; a batch sent again after an error keeps its sequence, so
 * the broker writes it once (DUPLICATE_SEQUENCE_NUMBER says it already has it).
 */

/** Under the broker's default message.max.bytes (1,048,588), which limits one batch, with room to spare. */
export const MAX_BATCH_BYTES = 960 * 1024;
const RECORD_BATCH_HEADER_BYTES = 61;
const gzipAsync = promisify(gzip);
const GZIP_ATTRIBUTE = 1;
/**
 * Records go gzip-compressed (level 1, zlib's fastest): a replay copies many similar records, provenance headers
 * repeat in each, and a broker's write rate in bytes, not in requests, is what bounds a replay (uncompressed, the
 * provenance headers alone double the bytes). Every Kafka client reads gzip.
 */
const GZIP_LEVEL = 1;
/** zlib hands output back in chunks of this size: its default, 16 KiB, costs a callback and a copy per chunk. */
const GZIP_CHUNK_BYTES = 256 * 1024;
const PRODUCE_API_KEY = 0;
const PRODUCE_VERSION = 3;
const ACKS_ALL = -1;
const PRODUCE_TIMEOUT_MS = 30_000;
const MAX_SEQUENCE = 2 ** 31;

/** Errors a batch survives by being sent again with the same sequence (after fresh metadata for the leader ones). */
const RETRIABLE = new Map<number, string>([
  [5, 'LEADER_NOT_AVAILABLE'],
  [6, 'NOT_LEADER_OR_FOLLOWER'],
  [7, 'REQUEST_TIMED_OUT'],
  [13, 'NETWORK_EXCEPTION'],
  [14, 'COORDINATOR_LOAD_IN_PROGRESS'],
  [19, 'NOT_ENOUGH_REPLICAS'],
  [20, 'NOT_ENOUGH_REPLICAS_AFTER_APPEND'],
  [56, 'KAFKA_STORAGE_ERROR'],
  [74, 'FENCED_LEADER_EPOCH'],
  [76, 'UNKNOWN_LEADER_EPOCH'],
]);
const FATAL = new Map<number, string>([
  [3, 'UNKNOWN_TOPIC_OR_PARTITION'],
  [10, 'MESSAGE_TOO_LARGE'],
  [18, 'RECORD_LIST_TOO_LARGE'],
  [29, 'TOPIC_AUTHORIZATION_FAILED'],
  [45, 'OUT_OF_ORDER_SEQUENCE_NUMBER'],
  [47, 'INVALID_PRODUCER_EPOCH'],
  [59, 'UNKNOWN_PRODUCER_ID'],
  [87, 'INVALID_RECORD'],
]);
const DUPLICATE_SEQUENCE = 46;
const OUT_OF_ORDER_SEQUENCE = 45;
/** Produce requests sent ahead of their answers, per leader: the most an idempotent producer may have (KIP-98). */
const MAX_IN_FLIGHT = 5;

// CRC-32C (Castagnoli), slicing by 8: the record batch checksum, over ~1 MiB per batch.
const CRC_TABLES = (() => {
  const t = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) for (let k = 1; k < 8; k++) t[k * 256 + n] = (t[(k - 1) * 256 + n] >>> 8) ^ t[t[(k - 1) * 256 + n] & 0xff];
  return t;
})();

export function crc32c(buf: Buffer, start = 0, end = buf.length): number {
  const t = CRC_TABLES;
  let crc = -1;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    const a = crc ^ (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24));
    crc =
      t[1792 + (a & 0xff)] ^
      t[1536 + ((a >>> 8) & 0xff)] ^
      t[1280 + ((a >>> 16) & 0xff)] ^
      t[1024 + (a >>> 24)] ^
      t[768 + buf[i + 4]] ^
      t[512 + buf[i + 5]] ^
      t[256 + buf[i + 6]] ^
      t[buf[i + 7]];
  }
  for (; i < end; i++) crc = t[(crc ^ buf[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

const zigzag = (v: number) => (v >= 0 ? v * 2 : -v * 2 - 1);
function varintSize(v: number): number {
  let z = zigzag(v);
  let n = 1;
  while (z >= 128) {
    z = Math.floor(z / 128);
    n++;
  }
  return n;
}
function writeVarint(buf: Buffer, at: number, v: number): number {
  let z = zigzag(v);
  while (z >= 128) {
    buf[at++] = (z % 128) | 0x80;
    z = Math.floor(z / 128);
  }
  buf[at++] = z;
  return at;
}

/** Digits of a whole number below 2^53, written as ASCII: record offsets in provenance headers, without a string each. */
function decimalDigits(v: number): number {
  let d = 1;
  for (let x = v; x >= 10; x = Math.floor(x / 10)) d++;
  return d;
}
function writeDecimal(buf: Buffer, at: number, v: number, digits: number): void {
  for (let i = at + digits - 1, x = v; i >= at; i--, x = Math.floor(x / 10)) buf[i] = 48 + (x % 10);
}

/** A header as bytes. */
type HeaderBytes = { key: Buffer; value: Buffer | null };

export type Provenance = { connection: string; topic: string } | null;
type RecordHeaders = ReadRecord['raw']['headers'];

/** A header's key and value as a record carries them (varint lengths), for headers every record gets. */
function headerBlock(key: string, value: string | null): Buffer {
  const k = Buffer.from(key, 'utf8');
  const v = value === null ? null : Buffer.from(value, 'utf8');
  const out = Buffer.allocUnsafe(varintSize(k.length) + k.length + (v ? varintSize(v.length) + v.length : 1));
  let at = writeVarint(out, 0, k.length);
  at += k.copy(out, at);
  if (v) {
    at = writeVarint(out, at, v.length);
    v.copy(out, at);
  } else writeVarint(out, at, -1);
  return out;
}

/** Builds record batches: sizes first, then one buffer per batch, written in one pass. */
export class BatchEncoder {
  private readonly keys = new Map<string, Buffer>();
  /** wharf-source-connection and wharf-source-topic, the same in every record, encoded once. */
  private readonly fixed: Buffer;
  /** wharf-source-partition, per source partition. */
  private readonly partitionBlocks = new Map<number, Buffer>();
  /** The wharf-source-offset key; its value, the offset's digits, is written per record. */
  private readonly offsetKey: Buffer;
  private readonly provenanceCount: number;

  constructor(private readonly provenance: Provenance) {
    this.fixed = provenance ? Buffer.concat([headerBlock('wharf-source-connection', provenance.connection), headerBlock('wharf-source-topic', provenance.topic)]) : Buffer.alloc(0);
    this.offsetKey = headerBlock('wharf-source-offset', null).subarray(0, -1);
    this.provenanceCount = provenance ? 4 : 0;
  }

  private keyBytes(k: string): Buffer {
    let v = this.keys.get(k);
    if (!v) {
      v = Buffer.from(k, 'utf8');
      if (this.keys.size < 10_000) this.keys.set(k, v);
    }
    return v;
  }

  private partitionBlock(partition: number): Buffer {
    let b = this.partitionBlocks.get(partition);
    if (!b) this.partitionBlocks.set(partition, (b = headerBlock('wharf-source-partition', String(partition))));
    return b;
  }

  /** The record's own headers, in order; a key sent more than once stays so. */
  private ownHeaders(h: RecordHeaders | undefined): HeaderBytes[] | null {
    let out: HeaderBytes[] | null = null;
    if (h) {
      for (const k in h) {
        const v = h[k];
        const key = this.keyBytes(k);
        out ??= [];
        if (Array.isArray(v)) for (const one of v) out.push({ key, value: one });
        else out.push({ key, value: v ?? null });
      }
    }
    return out;
  }

  /**
   * One record batch (magic 2) of `records`, their timestamps kept or all `now`, with the producer's id, epoch and
   * first sequence; provenance headers after each record's own.
   */
  encode(records: ReadRecord[], keepTimestamp: boolean, producerId: bigint, epoch: number, sequence: number, checksum = true): Buffer {
    const now = Date.now();
    let first = now;
    let max = now;
    if (keepTimestamp && records.length) {
      first = records[0].timestamp;
      max = first;
      for (const r of records) if (r.timestamp > max) max = r.timestamp;
    }
    const n = records.length;
    const own: (HeaderBytes[] | null)[] = new Array<HeaderBytes[] | null>(n);
    const bodies = new Int32Array(n);
    let size = RECORD_BATCH_HEADER_BYTES;
    for (let i = 0; i < n; i++) {
      const r = records[i];
      const hs = this.ownHeaders(r.raw.headers);
      own[i] = hs;
      const key = r.raw.key;
      const value = r.raw.value;
      let body = 1 + varintSize(keepTimestamp ? r.timestamp - first : 0) + varintSize(i);
      body += key ? varintSize(key.length) + key.length : 1;
      body += value ? varintSize(value.length) + value.length : 1;
      body += varintSize((hs?.length ?? 0) + this.provenanceCount);
      if (hs) for (const h of hs) body += varintSize(h.key.length) + h.key.length + (h.value ? varintSize(h.value.length) + h.value.length : 1);
      if (this.provenance) body += this.fixed.length + this.partitionBlock(r.partition).length + this.offsetKey.length + 1 + decimalDigits(r.offset);
      bodies[i] = body;
      size += varintSize(body) + body;
    }
    const buf = Buffer.allocUnsafe(size);
    buf.writeBigInt64BE(0n, 0); // base offset: the broker assigns it
    buf.writeInt32BE(size - 12, 8);
    buf.writeInt32BE(-1, 12); // partition leader epoch: the broker's
    buf.writeInt8(2, 16); // magic
    // crc at 17, filled last
    buf.writeInt16BE(0, 21); // attributes: no compression, create time, not transactional
    buf.writeInt32BE(n - 1, 23);
    buf.writeBigInt64BE(BigInt(first), 27);
    buf.writeBigInt64BE(BigInt(max), 35);
    buf.writeBigInt64BE(producerId, 43);
    buf.writeInt16BE(epoch, 51);
    buf.writeInt32BE(sequence, 53);
    buf.writeInt32BE(n, 57);
    let at = RECORD_BATCH_HEADER_BYTES;
    for (let i = 0; i < n; i++) {
      const r = records[i];
      at = writeVarint(buf, at, bodies[i]);
      buf[at++] = 0; // record attributes
      at = writeVarint(buf, at, keepTimestamp ? r.timestamp - first : 0);
      at = writeVarint(buf, at, i);
      const key = r.raw.key;
      const value = r.raw.value;
      if (key) {
        at = writeVarint(buf, at, key.length);
        at += key.copy(buf, at);
      } else at = writeVarint(buf, at, -1);
      if (value) {
        at = writeVarint(buf, at, value.length);
        at += value.copy(buf, at);
      } else at = writeVarint(buf, at, -1);
      const hs = own[i];
      at = writeVarint(buf, at, (hs?.length ?? 0) + this.provenanceCount);
      if (hs) {
        for (const h of hs) {
          at = writeVarint(buf, at, h.key.length);
          at += h.key.copy(buf, at);
          if (h.value) {
            at = writeVarint(buf, at, h.value.length);
            at += h.value.copy(buf, at);
          } else at = writeVarint(buf, at, -1);
        }
      }
      if (this.provenance) {
        at += this.fixed.copy(buf, at);
        at += this.partitionBlock(r.partition).copy(buf, at);
        at += this.offsetKey.copy(buf, at);
        const digits = decimalDigits(r.offset);
        buf[at++] = digits * 2; // zigzag varint of a length under 64
        writeDecimal(buf, at, r.offset, digits);
        at += digits;
      }
    }
    // A batch about to be compressed gets its checksum then, over the compressed bytes.
    if (checksum) buf.writeUInt32BE(crc32c(buf, 21, size), 17);
    return buf;
  }

  /** The batch with its records gzip-compressed (in libuv's threads, off the event loop), header and CRC redone. */
  async compress(batch: Buffer): Promise<Buffer> {
    const body = await gzipAsync(batch.subarray(RECORD_BATCH_HEADER_BYTES), { level: GZIP_LEVEL, chunkSize: GZIP_CHUNK_BYTES });
    const out = Buffer.allocUnsafe(RECORD_BATCH_HEADER_BYTES + body.length);
    batch.copy(out, 0, 0, RECORD_BATCH_HEADER_BYTES);
    body.copy(out, RECORD_BATCH_HEADER_BYTES);
    out.writeInt32BE(out.length - 12, 8);
    out.writeInt16BE(GZIP_ATTRIBUTE, 21);
    out.writeUInt32BE(crc32c(out, 21, out.length), 17);
    return out;
  }

  /** Bytes a record adds to a batch, uncompressed, near enough to cut batches under MAX_BATCH_BYTES. */
  sizeOf(r: ReadRecord): number {
    let size = 24 + (r.raw.key?.length ?? 0) + (r.raw.value?.length ?? 0);
    const h = r.raw.headers;
    if (h) {
      for (const k in h) {
        const v = h[k];
        const kl = this.keyBytes(k).length + 6;
        if (Array.isArray(v)) for (const one of v) size += kl + (one?.length ?? 0);
        else size += kl + (v?.length ?? 0);
      }
    }
    if (this.provenance) size += this.fixed.length + this.partitionBlock(r.partition).length + this.offsetKey.length + 21;
    return size;
  }
}

type PartitionBatch = { partition: number; records: ReadRecord[]; bytes: Buffer | null; sequence: number };
type ProduceResult = { partition: number; errorCode: number }[];

function produceRequest(topic: string, batches: PartitionBatch[]): ProtocolRequest<ProduceResult> {
  return {
    request: {
      apiKey: PRODUCE_API_KEY,
      apiVersion: PRODUCE_VERSION,
      apiName: 'Produce',
      encode: async () => {
        const name = Buffer.from(topic, 'utf8');
        let size = 2 + 2 + 4 + 4 + 2 + name.length + 4;
        for (const b of batches) size += 4 + 4 + b.bytes!.length;
        const buf = Buffer.allocUnsafe(size);
        let at = buf.writeInt16BE(-1, 0); // transactional id: none
        at = buf.writeInt16BE(ACKS_ALL, at);
        at = buf.writeInt32BE(PRODUCE_TIMEOUT_MS, at);
        at = buf.writeInt32BE(1, at);
        at = buf.writeInt16BE(name.length, at);
        at += name.copy(buf, at);
        at = buf.writeInt32BE(batches.length, at);
        for (const b of batches) {
          at = buf.writeInt32BE(b.partition, at);
          at = buf.writeInt32BE(b.bytes!.length, at);
          at += b.bytes!.copy(buf, at);
        }
        return { buf, buffer: buf };
      },
    },
    response: {
      decode: async (raw: Buffer) => {
        const out: ProduceResult = [];
        let at = 0;
        const topics = raw.readInt32BE(at);
        at += 4;
        for (let t = 0; t < topics; t++) {
          at += 2 + raw.readInt16BE(at);
          const parts = raw.readInt32BE(at);
          at += 4;
          for (let p = 0; p < parts; p++) {
            out.push({ partition: raw.readInt32BE(at), errorCode: raw.readInt16BE(at + 4) });
            at += 4 + 2 + 8 + 8;
          }
        }
        return out;
      },
      parse: async (data) => data,
    },
    requestTimeout: PRODUCE_TIMEOUT_MS + 5000,
  };
}

type InitProducerIdBroker = RawBroker & { initProducerId(q: { transactionalId?: string; transactionTimeout: number }): Promise<{ producerId: string; producerEpoch: number }> };

/**
 * A producer id and epoch for an idempotent producer (no transactional id). A broker's first one creates the
 * transaction state topic, so a fresh broker answers "coordinator loading" for a while: retriable, like kafkajs does.
 * The caller bounds the whole by a timeout.
 */
async function initProducerId(cluster: RawCluster): Promise<{ producerId: string; producerEpoch: number }> {
  for (let attempt = 0; ; attempt++) {
    try {
      const broker = (await anyBroker(cluster)) as InitProducerIdBroker;
      return await broker.initProducerId({ transactionTimeout: 60_000 });
    } catch (e) {
      const retriable = (e as { retriable?: boolean })?.retriable === true || /Connection/.test((e as { name?: string })?.name ?? '');
      if (!retriable || attempt >= 50) throw e;
      await new Promise((r) => setTimeout(r, Math.min(1000, 100 * 2 ** Math.min(attempt, 4))));
    }
  }
}

export type KafkaWriterOptions = { topic: string; partitioning: 'keep' | 'key' | 'fixed'; partition?: number; keepTimestamp: boolean; provenance: Provenance };

const keyPartitioner = Partitioners.DefaultPartitioner();
/** kafkajs's default partitioner hashes a key modulo the partition count, the only thing it reads of the metadata. */
let metadataSeen: PartitionMetadata[] = [];
function metadataOf(count: number): PartitionMetadata[] {
  if (metadataSeen.length !== count) metadataSeen = Array.from({ length: count }, (_, i) => ({ partitionId: i, leader: 0, replicas: [0], isr: [0], partitionErrorCode: 0 }));
  return metadataSeen;
}

/**
 * The target partition of a record, as the writer sends it: a pure function of the record and the topic's partition
 * count, so that a replay resumed after a crash can tell which messages of an interrupted batch went where. A keyless
 * record in "key" mode goes by its source position, not by kafkajs's round-robin counter (which a new process restarts).
 */
export function targetPartitionOf(opts: Pick<KafkaWriterOptions, 'partitioning' | 'partition'>, partitionCount: number, r: ReadRecord): number {
  if (opts.partitioning === 'keep') return r.partition;
  if (opts.partitioning === 'fixed') return opts.partition ?? 0;
  const n = Math.max(1, partitionCount);
  if (r.raw.key === null || r.raw.key === undefined) return (r.partition + r.offset) % n;
  return keyPartitioner({ topic: '', partitionMetadata: metadataOf(n), message: { key: r.raw.key, value: r.raw.value } });
}

/**
 * Writes record lists to one topic, idempotently, each call resolving once every record is acknowledged by all
 * in-sync replicas. Records of one source partition stay in their order within their target partition.
 */
export class KafkaBatchWriter {
  private readonly encoder: BatchEncoder;
  private readonly sequences = new Map<number, number>();
  private leaders = new Map<number, number>();
  private partitionMeta: PartitionMetadata[] = [];
  private lastError = '';

  private constructor(
    private readonly connector: KafkaConnector,
    private readonly opts: KafkaWriterOptions,
    private readonly producerId: bigint,
    private readonly epoch: number,
  ) {
    this.encoder = new BatchEncoder(opts.provenance);
  }

  static async open(connector: KafkaConnector, opts: KafkaWriterOptions): Promise<KafkaBatchWriter> {
    const cluster = await rawCluster(connector);
    const { producerId, producerEpoch } = await initProducerId(cluster);
    const w = new KafkaBatchWriter(connector, opts, BigInt(producerId), producerEpoch);
    await w.refreshLeaders(cluster);
    return w;
  }

  /** Estimated bytes of a record in a batch. */
  sizeOf(r: ReadRecord): number {
    return this.encoder.sizeOf(r);
  }

  private async refreshLeaders(cluster: RawCluster): Promise<void> {
    const t = (await clusterMetadata(cluster, [this.opts.topic])).topicMetadata.find((x) => x.topic === this.opts.topic);
    if (!t || t.topicErrorCode === 3) throw new NotFoundError(`Topic "${this.opts.topic}" does not exist on Kafka connection "${this.connector.config.id}"`);
    this.leaders = new Map(t.partitionMetadata.map((p) => [p.partitionId, p.leader]));
    this.partitionMeta = t.partitionMetadata.map((p) => ({ partitionId: p.partitionId, leader: p.leader, replicas: p.replicas, isr: p.isr, partitionErrorCode: p.partitionErrorCode }));
  }

  private targetPartition(r: ReadRecord): number {
    return targetPartitionOf(this.opts, this.partitionMeta.length, r);
  }

  /** Splits records per target partition, then into batches under MAX_BATCH_BYTES, in order. */
  private plan(records: ReadRecord[]): PartitionBatch[][] {
    const per = this.perPartition(records);
    // rounds[i] holds the i-th batch of every partition: one produce request (per leader) each.
    const rounds: PartitionBatch[][] = [];
    for (const [partition, list] of per) {
      let i = 0;
      let start = 0;
      let bytes = RECORD_BATCH_HEADER_BYTES;
      for (let at = 0; at < list.length; at++) {
        const size = this.encoder.sizeOf(list[at]);
        if (at > start && bytes + size > MAX_BATCH_BYTES) {
          (rounds[i++] ??= []).push({ partition, records: list.slice(start, at), bytes: null, sequence: 0 });
          start = at;
          bytes = RECORD_BATCH_HEADER_BYTES;
        }
        bytes += size;
      }
      if (start < list.length) (rounds[i] ??= []).push({ partition, records: start === 0 ? list : list.slice(start), bytes: null, sequence: 0 });
    }
    return rounds;
  }

  /** Records by target partition, in their order; slices of the list when each partition's records are together. */
  private perPartition(records: ReadRecord[]): Map<number, ReadRecord[]> {
    const targets = new Int32Array(records.length);
    for (let i = 0; i < records.length; i++) targets[i] = this.targetPartition(records[i]);
    const runs = new Map<number, [number, number]>();
    let together = true;
    for (let i = 0; i < records.length && together; ) {
      let j = i + 1;
      while (j < records.length && targets[j] === targets[i]) j++;
      if (runs.has(targets[i])) together = false;
      runs.set(targets[i], [i, j]);
      i = j;
    }
    const per = new Map<number, ReadRecord[]>();
    if (together) {
      for (const [p, [from, to]] of runs) per.set(p, from === 0 && to === records.length ? records : records.slice(from, to));
      return per;
    }
    for (let i = 0; i < records.length; i++) {
      let list = per.get(targets[i]);
      if (!list) per.set(targets[i], (list = []));
      list.push(records[i]);
    }
    return per;
  }

  /**
   * Writes `records`: their batches go out pipelined, up to MAX_IN_FLIGHT produce requests per leader (the broker
   * keeps the order of one connection's requests and checks each partition's sequence). After any failure, what was
   * not acknowledged is sent again in order, one request at a time, with the same sequences.
   */
  async write(records: ReadRecord[], deadlineMs: number): Promise<void> {
    const rounds = this.plan(records);
    for (const round of rounds) {
      for (const b of round) {
        b.sequence = this.sequences.get(b.partition) ?? 0;
        this.sequences.set(b.partition, (b.sequence + b.records.length) % MAX_SEQUENCE);
      }
    }
    const unconfirmed = new Set<PartitionBatch>();
    let cluster: RawCluster | null = null;
    try {
      cluster = await rawCluster(this.connector);
    } catch {
      // Unreachable for now: the retries below wait for it.
    }
    if (cluster) {
      const inFlight = new Map<number, Promise<void>[]>();
      let fatal: unknown = null;
      for (const round of rounds) {
        if (fatal) break;
        await Promise.all(round.map(async (b) => (b.bytes = await this.encodeBatch(b))));
        for (const [leader, list] of this.byLeader(round)) {
          const queue = inFlight.get(leader) ?? [];
          inFlight.set(leader, queue);
          if (queue.length >= MAX_IN_FLIGHT) await queue.shift();
          const sent = this.sendOnce(cluster, leader, list).then(
            (failed) => failed.forEach((b) => unconfirmed.add(b)),
            (e: unknown) => {
              fatal ??= e;
            },
          );
          queue.push(sent);
        }
      }
      await Promise.all([...inFlight.values()].flat());
      if (fatal) throw fatal;
    } else {
      for (const round of rounds) for (const b of round) unconfirmed.add(b);
    }
    for (const round of rounds) {
      const again = round.filter((b) => unconfirmed.has(b));
      for (const b of again) b.bytes ??= await this.encodeBatch(b);
      if (again.length) await this.send(again, deadlineMs);
      for (const b of round) b.bytes = null;
    }
  }

  private async encodeBatch(b: PartitionBatch): Promise<Buffer> {
    return this.encoder.compress(this.encoder.encode(b.records, this.opts.keepTimestamp, this.producerId, this.epoch, b.sequence, false));
  }

  private byLeader(batches: PartitionBatch[]): Map<number, PartitionBatch[]> {
    const out = new Map<number, PartitionBatch[]>();
    for (const b of batches) {
      const leader = this.leaders.get(b.partition);
      if (leader === undefined) throw new NotFoundError(`Topic "${this.opts.topic}" has no partition ${b.partition} on Kafka connection "${this.connector.config.id}"`);
      let list = out.get(leader);
      if (!list) out.set(leader, (list = []));
      list.push(b);
    }
    return out;
  }

  /** One produce request; resolves to the batches not acknowledged (sent again later), throws on fatal errors. */
  private async sendOnce(cluster: RawCluster, leader: number, list: PartitionBatch[]): Promise<PartitionBatch[]> {
    const where = `Kafka connection "${this.connector.config.id}"`;
    try {
      if (leader < 0) throw new Error(`partition ${list[0].partition} has no leader`);
      const broker = await cluster.findBroker({ nodeId: leader });
      const results = await broker.connectionPool.send(produceRequest(this.opts.topic, list));
      const failed: PartitionBatch[] = [];
      for (const b of list) {
        const code = results.find((x) => x.partition === b.partition)?.errorCode ?? -1;
        if (code === 0 || code === DUPLICATE_SEQUENCE) continue;
        // Out of order here follows an earlier batch's failure: sent again after it, it lands in order.
        const fatal = code === OUT_OF_ORDER_SEQUENCE ? undefined : FATAL.get(code);
        if (fatal) throw new UnreachableError(`Writing to "${this.opts.topic}" partition ${b.partition} on ${where} failed: ${fatal}`);
        this.lastError = RETRIABLE.get(code) ?? FATAL.get(code) ?? `error code ${code}`;
        failed.push(b);
      }
      return failed;
    } catch (e) {
      if (e instanceof UnreachableError) throw e;
      const name = (e as { name?: string })?.name ?? '';
      if (/Connection/.test(name)) void dropRawCluster(this.connector);
      this.lastError = e instanceof Error ? e.message : String(e);
      return list;
    }
  }

  /** Sends the batches (one request per leader, in parallel), again with the same sequence after retriable errors. */
  private async send(batches: PartitionBatch[], deadlineMs: number): Promise<void> {
    let pending = batches;
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 0) {
        if (Date.now() > deadlineMs) throw new UnreachableError(`Writing to "${this.opts.topic}" on Kafka connection "${this.connector.config.id}" failed: ${this.lastError}`);
        await new Promise((r) => setTimeout(r, Math.min(1000, 100 * 2 ** Math.min(attempt, 4))));
      }
      let cluster: RawCluster;
      try {
        cluster = await rawCluster(this.connector);
        await this.refreshLeaders(cluster);
      } catch (e) {
        if (e instanceof NotFoundError) throw e;
        this.lastError = e instanceof Error ? e.message : String(e);
        continue;
      }
      const results = await Promise.all([...this.byLeader(pending)].map(([leader, list]) => this.sendOnce(cluster, leader, list)));
      pending = results.flat();
      // A batch refused as out of order when sent alone, after its predecessors landed, will never land.
      if (pending.length && this.lastError === 'OUT_OF_ORDER_SEQUENCE_NUMBER') {
        throw new UnreachableError(`Writing to "${this.opts.topic}" on Kafka connection "${this.connector.config.id}" failed: OUT_OF_ORDER_SEQUENCE_NUMBER`);
      }
    }
  }
}
