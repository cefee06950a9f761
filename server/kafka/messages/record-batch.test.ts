import { CompressionTypes } from 'kafkajs';
import Decoder from 'kafkajs/src/protocol/decoder.js';
import Record from 'kafkajs/src/protocol/recordBatch/record/v0/index.js';
import { RecordBatch } from 'kafkajs/src/protocol/recordBatch/v0/index.js';
import decodeMessages from 'kafkajs/src/protocol/requests/fetch/v4/decodeMessages.js';
import Long from 'kafkajs/src/utils/long.js';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeRecordSet, visitRecordSet, type ValueScreen } from './record-batch';
import type { ReadRecord } from './to-message';

const ATTRIBUTES_AT = 21;
const LAST_OFFSET_DELTA_AT = 23;
const RECORD_COUNT_AT = 57;
const T0 = 1_700_000_000_000;

type Spec = { key: Buffer | null; value: Buffer | null; headers?: Record<string, Buffer | Buffer[]>; timestampDelta?: number };

async function batch(firstOffset: number, specs: Spec[], compression: number = CompressionTypes.None, flags = 0): Promise<Buffer> {
  const records = specs.map((s, i) => Record({ offsetDelta: i, timestampDelta: s.timestampDelta ?? i * 7, key: s.key, value: s.value, headers: s.headers }));
  const encoded = await RecordBatch({
    compression,
    firstOffset: Long.fromValue(firstOffset),
    firstTimestamp: T0,
    maxTimestamp: T0 + 999,
    lastOffsetDelta: specs.length - 1,
    records,
  });
  const b = Buffer.from(encoded.buffer);
  // The encoder writes plain batches; control and log-append-time are attribute bits, and kafkajs checks no CRC.
  b.writeInt16BE(b.readInt16BE(ATTRIBUTES_AT) | flags, ATTRIBUTES_AT);
  return b;
}

/** What Wharf's fetchOnce made of kafkajs's own decoding before it read batches itself. */
async function viaKafkajs(buf: Buffer, partition: number, from: number): Promise<{ records: ReadRecord[]; next: number }> {
  const size = Buffer.alloc(4);
  size.writeInt32BE(buf.length);
  const messages = await decodeMessages(new Decoder(Buffer.concat([size, buf])));
  const records: ReadRecord[] = [];
  let next = from;
  for (const m of messages) {
    const o = Number(m.offset);
    if (o < from) continue;
    next = Math.max(next, o + 1);
    if (m.isControlRecord) continue;
    const type = m.batchContext?.timestampType;
    records.push({ partition, offset: o, timestamp: Number(m.timestamp), timestampType: m.magicByte >= 1 ? (type === 1 ? 'log-append' : 'create') : null, raw: m });
  }
  return { records, next };
}

const plain = (rs: ReadRecord[]) =>
  rs.map((r) => ({
    partition: r.partition,
    offset: r.offset,
    timestamp: r.timestamp,
    timestampType: r.timestampType,
    key: r.raw.key,
    value: r.raw.value,
    headers: Object.entries(r.raw.headers ?? {}),
  }));

async function expectSameAsKafkajs(buf: Buffer, from: number) {
  const mine = await decodeRecordSet(buf, 3, from);
  const theirs = await viaKafkajs(buf, 3, from);
  expect(mine.next).toBe(theirs.next);
  expect(plain(mine.records)).toEqual(plain(theirs.records));
  return mine;
}

const specs: Spec[] = [
  { key: null, value: Buffer.from('{"level":"error","user":"ana"}') },
  { key: Buffer.from([0xff, 0x00, 0x81]), value: null },
  { key: Buffer.from('k'), value: Buffer.alloc(0), headers: { trace: Buffer.from('abc'), dup: [Buffer.from('1'), Buffer.from('2'), Buffer.from('3')] } },
  { key: Buffer.from('big'), value: Buffer.alloc(17_000, 0x61), timestampDelta: 2 ** 40 },
  { key: Buffer.from('neg'), value: Buffer.from('x'), timestampDelta: -5 },
];

describe('record batches read from Fetch bytes', () => {
  it('gives what kafkajs gave: offsets, timestamps, keys, values, headers, for every start offset', async () => {
    const buf = Buffer.concat([await batch(0, specs), await batch(5, specs.slice(0, 3)), await batch(20, specs.slice(1))]);
    for (const from of [0, 1, 4, 5, 7, 8, 20, 23, 24, 30]) await expectSameAsKafkajs(buf, from);
    const all = await expectSameAsKafkajs(buf, 0);
    expect(all.records.map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 20, 21, 22, 23]);
    expect(all.next).toBe(24);
  });

  it('decompresses gzip, snappy and lz4 batches', async () => {
    for (const codec of [CompressionTypes.GZIP, CompressionTypes.Snappy, CompressionTypes.LZ4]) {
      const buf = Buffer.concat([await batch(10, specs, codec), await batch(15, specs.slice(0, 2))]);
      const mine = await expectSameAsKafkajs(buf, 11);
      expect(mine.records).toHaveLength(6);
    }
  });

  it('skips control batches but moves past them, and uses the log-append time when the broker set it', async () => {
    const buf = Buffer.concat([await batch(0, specs.slice(0, 2)), await batch(2, specs.slice(0, 1), CompressionTypes.None, 0x20), await batch(3, specs.slice(0, 2), CompressionTypes.None, 0x08)]);
    const mine = await expectSameAsKafkajs(buf, 0);
    expect(mine.records.map((r) => [r.offset, r.timestamp, r.timestampType])).toEqual([
      [0, T0, 'create'],
      [1, T0 + 7, 'create'],
      [3, T0 + 999, 'log-append'],
      [4, T0 + 999, 'log-append'],
    ]);
    const onlyControl = await batch(2, specs.slice(0, 1), CompressionTypes.None, 0x20);
    expect(await expectSameAsKafkajs(onlyControl, 2)).toEqual({ records: [], next: 3 });
  });

  it('leaves a batch cut at the end of the answer for the next Fetch', async () => {
    const first = await batch(0, specs.slice(0, 2));
    const whole = Buffer.concat([first, await batch(2, specs)]);
    for (const cut of [whole.length - 1, whole.length - 100, first.length, first.length - 1, 70, 40]) {
      const mine = await expectSameAsKafkajs(whole.subarray(0, cut), 0);
      expect(mine.records.map((r) => r.offset)).toEqual(cut >= first.length ? [0, 1] : []);
    }
    expect(await decodeRecordSet(null, 0, 9)).toEqual({ records: [], next: 9 });
  });

  it('screens values: out when a needle is missing and the escape byte absent, never otherwise', async () => {
    const values = ['{"level":"error","user":"ana"}', '{"level":"info","user":"ana"}', '{"level":"error","user":"bo"}', '{"level":"\\u0065rror"}', 'ana error', null, '"error""ana"'];
    const buf = await batch(0, values.map((v) => ({ key: null, value: v === null ? null : Buffer.from(v) })));
    const screen: ValueScreen = { needles: [Buffer.from('"error"'), Buffer.from('"ana"')], unless: 0x5c };
    const seen: [number, boolean][] = [];
    await visitRecordSet(buf, 0, 0, (r) => seen.push([r.offset, r.screenedOut]) > 0, screen);
    expect(seen).toEqual([
      [0, false],
      [1, true],
      [2, true],
      [3, false],
      [4, true],
      [5, false],
      [6, false],
    ]);
  });

  it('stops where the visitor says, with the position after the last record it saw', async () => {
    const buf = Buffer.concat([await batch(0, specs), await batch(5, specs)]);
    const offsets: number[] = [];
    const result = await visitRecordSet(buf, 0, 2, (r) => {
      offsets.push(r.offset);
      return r.offset < 6;
    });
    expect(offsets).toEqual([2, 3, 4, 5, 6]);
    expect(result).toEqual({ next: 7, stopped: true });
  });

  it('moves past the whole offset range of a batch that compaction emptied or shortened', async () => {
    // Offsets 0-2 were written as one batch; compaction removed 1 and 2 and kept the batch's last offset (2).
    const shortened = await batch(0, specs.slice(0, 1));
    shortened.writeInt32BE(2, LAST_OFFSET_DELTA_AT);
    const from1 = await decodeRecordSet(shortened, 0, 1);
    expect(from1).toEqual({ records: [], next: 3 });
    expect((await decodeRecordSet(shortened, 0, 0)).records.map((r) => r.offset)).toEqual([0]);
    // A batch left with no record at all (count 0) still covers its offsets.
    const empty = await batch(10, specs.slice(0, 1));
    empty.writeInt32BE(4, LAST_OFFSET_DELTA_AT);
    empty.writeInt32BE(0, RECORD_COUNT_AT);
    expect(await decodeRecordSet(Buffer.concat([empty, await batch(15, specs.slice(0, 2))]), 0, 10)).toMatchObject({ next: 17 });
  });

  it('reads an old-format (magic 1) message set shorter than a v2 batch header', async () => {
    const key = Buffer.from('k');
    const value = Buffer.from('v');
    const body = Buffer.alloc(1 + 1 + 8 + 4 + key.length + 4 + value.length);
    let at = body.writeInt8(1, 0); // magic
    at = body.writeInt8(0, at); // attributes
    at = body.writeBigInt64BE(BigInt(T0), at);
    at = body.writeInt32BE(key.length, at);
    at += key.copy(body, at);
    at = body.writeInt32BE(value.length, at);
    value.copy(body, at);
    const head = Buffer.alloc(16);
    head.writeBigInt64BE(5n, 0);
    head.writeInt32BE(4 + body.length, 8);
    head.writeUInt32BE(crc32(body), 12);
    const set = Buffer.concat([head, body]);
    expect(set.length).toBeLessThan(61);
    const { records, next } = await decodeRecordSet(set, 0, 0);
    expect(records.map((r) => [r.offset, r.raw.key?.toString(), r.raw.value?.toString()])).toEqual([[5, 'k', 'v']]);
    expect(next).toBe(6);
  });
});

