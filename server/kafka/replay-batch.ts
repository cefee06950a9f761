import 'server-only';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { crc32c } from '@platformatic/kafka';
import type { ReadRecord, RecordHeaders } from './messages/to-message';

/*
 * Record batches (magic 2) encoded straight from the records a replay read: sizes first, then one buffer per batch,
 * written in one pass, provenance headers encoded once per replay. The library's createRecordsBatch builds a Writer
 * and a buffer list per record (and needs each record as an object with a Map of headers); on a replay that was the
 * writer's main cost (see replay-producer.ts). Checksums are the library's (CRC-32C, native when available).
 */

export const RECORD_BATCH_HEADER_BYTES = 61;
const gzipAsync = promisify(gzip);
const GZIP_ATTRIBUTE = 1;
/**
 * Records go gzip-compressed (level 1, zlib's fastest): a replay copies many similar records, provenance headers
 * repeat in each, and a broker's write rate in bytes, not in requests, is what bounds a replay (uncompressed, the
 * provenance headers alone double the bytes). Every Kafka client reads gzip. Compressed in libuv's threads.
 */
const GZIP_LEVEL = 1;
/** zlib hands output back in chunks of this size: its default, 16 KiB, costs a callback and a copy per chunk. */
const GZIP_CHUNK_BYTES = 256 * 1024;

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

/** Where replayed records came from, added to each as wharf-source-* headers; null for none. */
export type Provenance = { connection: string; topic: string } | null;

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

/** The CRC-32C of a batch, over its bytes from the attributes on, written where the batch keeps it. */
function sign(batch: Buffer): void {
  batch.writeUInt32BE(crc32c(batch.subarray(21)), 17);
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
   * first sequence; provenance headers after each record's own. Unsigned when it is about to be compressed.
   */
  encode(records: ReadRecord[], keepTimestamp: boolean, producerId: bigint, epoch: number, sequence: number, signed = true): Buffer {
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
    if (signed) sign(buf);
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
    sign(out);
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
