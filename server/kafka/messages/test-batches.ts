import { compressionsAlgorithms, createRecordsBatch, type CompressionAlgorithmValue } from '@platformatic/kafka';
import { crc32 } from 'node:zlib';

/*
 * Record batches and old message sets for the unit tests, as brokers send them. Batches come from the library's
 * encoder (createRecordsBatch, the producer's own); it always writes base offset 0 and no control bits, so the
 * base offset and the control / log-append bits are set on its bytes here (Wharf's reader checks no CRC, as
 * the broker already did).
 */

export const T0 = 1_700_000_000_000;
const ATTRIBUTES_AT = 21;
export const LAST_OFFSET_DELTA_AT = 23;
export const RECORD_COUNT_AT = 57;
export const CONTROL = 0x20;
export const LOG_APPEND_TIME = 0x08;

export type Spec = { key: Buffer | null; value: Buffer | null; headers?: [string, string | Buffer][]; timestampDelta?: number };

export type BatchOptions = { compression?: CompressionAlgorithmValue; flags?: number; producerId?: number; transactional?: boolean };

export function batch(firstOffset: number, specs: Spec[], o: BatchOptions = {}): Buffer {
  const messages = specs.map((s, i) => ({
    topic: 't',
    key: s.key ?? undefined,
    value: s.value as Buffer,
    // Each header its own Buffer key: a repeated header name stays repeated.
    headers: new Map((s.headers ?? []).map(([k, v]) => [Buffer.from(k), Buffer.from(v)] as [Buffer, Buffer])),
    timestamp: BigInt(T0 + (s.timestampDelta ?? i * 7)),
  }));
  const b = Buffer.from(
    createRecordsBatch(messages, {
      compression: o.compression ?? 'none',
      producerId: BigInt(o.producerId ?? -1),
      producerEpoch: 0,
      transactionalId: o.transactional ? 'tx' : undefined,
    }).buffer,
  );
  b.writeBigInt64BE(BigInt(firstOffset), 0);
  b.writeInt16BE(b.readInt16BE(ATTRIBUTES_AT) | (o.flags ?? 0), ATTRIBUTES_AT);
  return b;
}

/** A transaction marker of `producerId` at `offset`: a control batch whose record key is version 0 and type 0 (ABORT) or 1 (COMMIT). */
export function marker(offset: number, producerId: number, commit: boolean): Buffer {
  const key = Buffer.from([0, 0, 0, commit ? 1 : 0]);
  const value = Buffer.from([0, 0, 0, 0, 0, 0]); // version, coordinator epoch
  return batch(offset, [{ key, value }], { producerId, transactional: true, flags: CONTROL });
}

/** Transactional data of `producerId`: `count` records from `offset`. */
export function txData(offset: number, producerId: number, count: number, label = 'v'): Buffer {
  return batch(
    offset,
    Array.from({ length: count }, (_, i) => ({ key: null, value: Buffer.from(`${label}${offset + i}`) })),
    { producerId, transactional: true },
  );
}

export type LegacyMessage = { offset: number; key: Buffer | null; value: Buffer | null; timestamp?: number; attributes?: number };

/** One old-format entry (magic 0 or 1): offset, size, crc, magic, attributes, [timestamp], key, value. */
export function legacyEntry(magic: 0 | 1, m: LegacyMessage): Buffer {
  const field = (b: Buffer | null) => {
    const len = Buffer.alloc(4);
    len.writeInt32BE(b === null ? -1 : b.length);
    return b === null ? len : Buffer.concat([len, b]);
  };
  const head = Buffer.alloc(magic === 1 ? 10 : 2);
  head.writeInt8(magic, 0);
  head.writeInt8(m.attributes ?? 0, 1);
  if (magic === 1) head.writeBigInt64BE(BigInt(m.timestamp ?? T0), 2);
  const body = Buffer.concat([head, field(m.key), field(m.value)]);
  const prefix = Buffer.alloc(16);
  prefix.writeBigInt64BE(BigInt(m.offset), 0);
  prefix.writeInt32BE(4 + body.length, 8);
  prefix.writeUInt32BE(crc32(body), 12);
  return Buffer.concat([prefix, body]);
}

/**
 * A compressed wrapper: its value is the inner message set compressed. Magic 1 inner messages carry relative
 * offsets and the wrapper the last one's absolute offset; magic 0 inner messages carry absolute offsets.
 */
export function legacyWrapper(magic: 0 | 1, codec: 'gzip' | 'snappy' | 'lz4', lastOffset: number, inner: LegacyMessage[], wrapper: { timestamp?: number; logAppendTime?: boolean } = {}): Buffer {
  const set = Buffer.concat(inner.map((m) => legacyEntry(magic, m)));
  const algorithm = compressionsAlgorithms[codec];
  const attributes = algorithm.bitmask | (wrapper.logAppendTime ? LOG_APPEND_TIME : 0);
  return legacyEntry(magic, { offset: lastOffset, key: null, value: algorithm.compressSync(set), timestamp: wrapper.timestamp, attributes });
}

/** Zigzag varint of any int64, written here: the library's encoder keeps only 32 bits of a varlong (dynamic-buffer 1.x). */
function varlong(v: bigint): Buffer {
  let z = BigInt.asUintN(64, (v << 1n) ^ (v >> 63n));
  const out: number[] = [];
  while (z >= 0x80n) {
    out.push(Number(z & 0x7fn) | 0x80);
    z >>= 7n;
  }
  out.push(Number(z));
  return Buffer.from(out);
}

/** An uncompressed v2 batch encoded by hand, for timestamp deltas past 32 bits. */
export function handBatch(firstOffset: number, records: { timestampDelta: bigint; key: Buffer | null; value: Buffer | null }[]): Buffer {
  const bytes = (b: Buffer | null) => (b === null ? varlong(-1n) : Buffer.concat([varlong(BigInt(b.length)), b]));
  const body = Buffer.concat(
    records.map((r, i) => {
      const inner = Buffer.concat([Buffer.from([0]), varlong(r.timestampDelta), varlong(BigInt(i)), bytes(r.key), bytes(r.value), varlong(0n)]);
      return Buffer.concat([varlong(BigInt(inner.length)), inner]);
    }),
  );
  const head = Buffer.alloc(61);
  head.writeBigInt64BE(BigInt(firstOffset), 0);
  head.writeInt32BE(61 - 12 + body.length, 8);
  head.writeInt8(2, 16); // magic
  head.writeInt32BE(records.length - 1, LAST_OFFSET_DELTA_AT);
  head.writeBigInt64BE(BigInt(T0), 27);
  head.writeBigInt64BE(BigInt(T0), 35);
  head.writeBigInt64BE(-1n, 43); // producer id
  head.writeInt32BE(-1, 53); // base sequence
  head.writeInt32BE(records.length, RECORD_COUNT_AT);
  return Buffer.concat([head, body]);
}
