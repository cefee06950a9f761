import { readRecordsBatches, Reader, type CompressionAlgorithmValue } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { decodeRecordSet, visitRecordSet, type ValueScreen } from './record-batch';
import { batch, CONTROL, handBatch, LAST_OFFSET_DELTA_AT, legacyEntry, legacyWrapper, LOG_APPEND_TIME, RECORD_COUNT_AT, T0, type Spec } from './test-batches';
import type { ReadRecord } from './to-message';

type Plain = { offset: number; timestamp: number; timestampType: ReadRecord['timestampType']; key: Buffer | null; value: Buffer | null; headers: [string, unknown][] };

/** The same answer through the library's own record-batch decoder: control batches and offsets before `from` left out. */
function viaLibrary(buf: Buffer, from: number): { records: Plain[]; next: number } {
  const records: Plain[] = [];
  let next = from;
  for (const b of readRecordsBatches(Reader.from(buf))) {
    const base = Number(b.firstOffset);
    const end = base + b.lastOffsetDelta + 1;
    if ((b.attributes & CONTROL) === 0) {
      const appendTime = (b.attributes & LOG_APPEND_TIME) !== 0;
      for (const r of b.records) {
        const offset = base + r.offsetDelta;
        if (offset < from) continue;
        const headers = new Map<string, Buffer[]>();
        for (const [k, v] of r.headers) headers.set(String(k), [...(headers.get(String(k)) ?? []), v as Buffer]);
        records.push({
          offset,
          timestamp: appendTime ? Number(b.maxTimestamp) : Number(b.firstTimestamp + r.timestampDelta),
          timestampType: appendTime ? 'log-append' : 'create',
          key: r.key,
          value: r.value,
          headers: [...headers].map(([k, vs]) => [k, vs.length === 1 ? vs[0] : vs]),
        });
      }
    }
    if (end > next) next = end;
  }
  return { records, next };
}

const plain = (rs: ReadRecord[]): Plain[] =>
  rs.map((r) => ({ offset: r.offset, timestamp: r.timestamp, timestampType: r.timestampType, key: r.raw.key, value: r.raw.value, headers: Object.entries(r.raw.headers ?? {}) }));

function expectSameAsLibrary(buf: Buffer, from: number) {
  const mine = decodeRecordSet(buf, 3, from);
  const theirs = viaLibrary(buf, from);
  expect(mine.next).toBe(theirs.next);
  expect(plain(mine.records)).toEqual(theirs.records);
  expect(mine.records.every((r) => r.partition === 3 && r.transaction === undefined)).toBe(true);
  return mine;
}

const specs: Spec[] = [
  { key: null, value: Buffer.from('{"level":"error","user":"ana"}') },
  { key: Buffer.from([0xff, 0x00, 0x81]), value: null },
  { key: Buffer.from('k'), value: Buffer.alloc(0), headers: [['trace', 'abc'], ['dup', '1'], ['dup', '2'], ['dup', '3']] },
  { key: Buffer.from('big'), value: Buffer.alloc(17_000, 0x61), timestampDelta: 2 ** 30 },
  { key: Buffer.from('neg'), value: Buffer.from('x'), timestampDelta: -5 },
];

describe('record batches read from Fetch bytes', () => {
  it("gives what the library's decoder gives: offsets, timestamps, keys, values, repeated headers, for every start offset", () => {
    const buf = Buffer.concat([batch(0, specs), batch(5, specs.slice(0, 3)), batch(20, specs.slice(1))]);
    for (const from of [0, 1, 4, 5, 7, 8, 20, 23, 24, 30]) expectSameAsLibrary(buf, from);
    const all = expectSameAsLibrary(buf, 0);
    expect(all.records.map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 20, 21, 22, 23]);
    expect(all.next).toBe(24);
    expect(all.records[2].raw.headers).toEqual({ trace: Buffer.from('abc'), dup: [Buffer.from('1'), Buffer.from('2'), Buffer.from('3')] });
    expect(all.records[3].timestamp).toBe(T0 + 2 ** 30);
    expect(all.records[4].timestamp).toBe(T0 - 5);
    expect(all.records[1].raw.key).toEqual(Buffer.from([0xff, 0x00, 0x81]));
    expect(all.records[1].raw.value).toBeNull();
    expect(all.records[0].raw.key).toBeNull();
  });

  it('reads timestamp deltas past 32 bits exactly', () => {
    const deltas = [2n ** 40n, -(2n ** 35n), 2n ** 52n, 0n];
    const { records } = decodeRecordSet(handBatch(100, deltas.map((d, i) => ({ timestampDelta: d, key: null, value: Buffer.from(`v${i}`) }))), 0, 0);
    expect(records.map((r) => [r.offset, r.timestamp, r.raw.value?.toString()])).toEqual(deltas.map((d, i) => [100 + i, T0 + Number(d), `v${i}`]));
  });

  it('decompresses gzip, snappy, lz4 and zstd batches', () => {
    for (const compression of ['gzip', 'snappy', 'lz4', 'zstd'] as CompressionAlgorithmValue[]) {
      const buf = Buffer.concat([batch(10, specs, { compression }), batch(15, specs.slice(0, 2))]);
      expect(buf.readInt16BE(21) & 7, compression).not.toBe(0);
      const mine = expectSameAsLibrary(buf, 11);
      expect(mine.records.map((r) => r.offset)).toEqual([11, 12, 13, 14, 15, 16]);
      expect(mine.records[2].raw.value?.length).toBe(17_000);
    }
  });

  it('skips control batches but moves past them, and uses the log-append time when the broker set it', () => {
    const buf = Buffer.concat([batch(0, specs.slice(0, 2)), batch(2, specs.slice(0, 1), { flags: CONTROL }), batch(3, specs.slice(0, 2), { flags: LOG_APPEND_TIME })]);
    const mine = expectSameAsLibrary(buf, 0);
    expect(mine.records.map((r) => [r.offset, r.timestamp, r.timestampType])).toEqual([
      [0, T0, 'create'],
      [1, T0 + 7, 'create'],
      [3, T0 + 7, 'log-append'],
      [4, T0 + 7, 'log-append'],
    ]);
    const onlyControl = batch(2, specs.slice(0, 1), { flags: CONTROL });
    expect(decodeRecordSet(onlyControl, 2, 2)).toEqual({ records: [], next: 3 });
  });

  it('leaves a batch cut at the end of the answer for the next Fetch', () => {
    const first = batch(0, specs.slice(0, 2));
    const whole = Buffer.concat([first, batch(2, specs)]);
    for (const cut of [whole.length - 1, whole.length - 100, first.length, first.length - 1, 70, 40]) {
      const mine = expectSameAsLibrary(whole.subarray(0, cut), 0);
      expect(mine.records.map((r) => r.offset)).toEqual(cut >= first.length ? [0, 1] : []);
      expect(mine.next).toBe(cut >= first.length ? 2 : 0);
    }
    expect(decodeRecordSet(null, 0, 9)).toEqual({ records: [], next: 9 });
  });

  it('screens values: out when a needle is missing and the escape byte absent, never otherwise', () => {
    const values = ['{"level":"error","user":"ana"}', '{"level":"info","user":"ana"}', '{"level":"error","user":"bo"}', '{"level":"\\u0065rror"}', 'ana error', null, '"error""ana"'];
    const buf = batch(
      0,
      values.map((v) => ({ key: null, value: v === null ? null : Buffer.from(v) })),
    );
    const screen: ValueScreen = { needles: [Buffer.from('"error"'), Buffer.from('"ana"')], unless: 0x5c };
    const seen: [number, boolean][] = [];
    visitRecordSet(buf, 0, 0, (r) => seen.push([r.offset, r.screenedOut]) > 0, screen);
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

  it('stops where the visitor says, with the position after the last record it saw', () => {
    const buf = Buffer.concat([batch(0, specs), batch(5, specs)]);
    const offsets: number[] = [];
    const result = visitRecordSet(buf, 0, 2, (r) => {
      offsets.push(r.offset);
      return r.offset < 6;
    });
    expect(offsets).toEqual([2, 3, 4, 5, 6]);
    expect(result).toEqual({ next: 7, stopped: true });
  });

  it('names the partition and offset of a batch it cannot decompress (501)', () => {
    const broken = batch(40, specs.slice(0, 2), { compression: 'gzip' });
    broken.fill(0x11, 61, 80);
    expect(() => decodeRecordSet(broken, 5, 40)).toThrow(/Partition 5: the gzip-compressed batch at offset 40 could not be decompressed/);
    const unknown = batch(41, specs.slice(0, 1));
    unknown.writeInt16BE(unknown.readInt16BE(21) | 6, 21);
    expect(() => decodeRecordSet(unknown, 5, 41)).toThrow(expect.objectContaining({ status: 501, message: expect.stringMatching(/batch at offset 41 uses compression 6/) }));
  });

  it('moves past the whole offset range of a batch that compaction emptied or shortened', () => {
    // Offsets 0-2 were written as one batch; compaction removed 1 and 2 and kept the batch's last offset (2).
    const shortened = batch(0, specs.slice(0, 1));
    shortened.writeInt32BE(2, LAST_OFFSET_DELTA_AT);
    expect(decodeRecordSet(shortened, 0, 1)).toEqual({ records: [], next: 3 });
    expect(decodeRecordSet(shortened, 0, 0).records.map((r) => r.offset)).toEqual([0]);
    // A batch left with no record at all (count 0) still covers its offsets.
    const empty = batch(10, specs.slice(0, 1));
    empty.writeInt32BE(4, LAST_OFFSET_DELTA_AT);
    empty.writeInt32BE(0, RECORD_COUNT_AT);
    expect(decodeRecordSet(Buffer.concat([empty, batch(15, specs.slice(0, 2))]), 0, 10)).toMatchObject({ next: 17 });
  });
});

describe('old message sets (magic 0 and 1)', () => {
  const k = (s: string) => Buffer.from(s);
  const rows = (rs: ReadRecord[]) => rs.map((r) => [r.offset, r.timestamp, r.timestampType, r.raw.key?.toString() ?? null, r.raw.value?.toString() ?? null]);

  it('reads plain magic 1 and magic 0 messages, one shorter than a v2 batch header', () => {
    const one = legacyEntry(1, { offset: 5, key: k('k'), value: k('v') });
    expect(one.length).toBeLessThan(61);
    expect(rows(decodeRecordSet(one, 0, 0).records)).toEqual([[5, T0, 'create', 'k', 'v']]);
    expect(decodeRecordSet(one, 0, 0).next).toBe(6);
    const set = Buffer.concat([
      legacyEntry(0, { offset: 7, key: null, value: k('a') }),
      legacyEntry(0, { offset: 8, key: k('b'), value: null }),
      legacyEntry(1, { offset: 9, key: k('c'), value: k('c'), timestamp: T0 + 3, attributes: LOG_APPEND_TIME }),
    ]);
    const { records, next } = decodeRecordSet(set, 0, 8);
    expect(rows(records)).toEqual([
      [8, -1, null, 'b', null],
      [9, T0 + 3, 'log-append', 'c', 'c'],
    ]);
    expect(next).toBe(10);
    expect(records[0].raw.headers).toEqual({});
  });

  it('unpacks compressed wrappers: magic 1 relative offsets, magic 0 absolute ones, the wrapper time when log-append', () => {
    for (const codec of ['gzip', 'snappy', 'lz4'] as const) {
      const inner = [0, 1, 2].map((i) => ({ offset: i, key: k(`k${i}`), value: k(`v${i}`), timestamp: T0 + i }));
      const v1 = legacyWrapper(1, codec, 12, inner);
      expect(rows(decodeRecordSet(v1, 0, 0).records), codec).toEqual([
        [10, T0, 'create', 'k0', 'v0'],
        [11, T0 + 1, 'create', 'k1', 'v1'],
        [12, T0 + 2, 'create', 'k2', 'v2'],
      ]);
      const appended = legacyWrapper(1, codec, 12, inner, { timestamp: T0 + 99, logAppendTime: true });
      expect(decodeRecordSet(appended, 0, 11).records.map((r) => [r.offset, r.timestamp, r.timestampType])).toEqual([
        [11, T0 + 99, 'log-append'],
        [12, T0 + 99, 'log-append'],
      ]);
      const v0 = legacyWrapper(0, codec, 22, [20, 21, 22].map((o) => ({ offset: o, key: null, value: k(`m${o}`) })));
      const read = decodeRecordSet(Buffer.concat([v0, legacyEntry(0, { offset: 23, key: null, value: k('plain') })]), 0, 21);
      expect(rows(read.records)).toEqual([
        [21, -1, null, null, 'm21'],
        [22, -1, null, null, 'm22'],
        [23, -1, null, null, 'plain'],
      ]);
      expect(read.next).toBe(24);
    }
  });

  it('leaves a cut message and a following v2 batch for the next Fetch', () => {
    const a = legacyEntry(1, { offset: 0, key: null, value: k('a') });
    const b = legacyEntry(1, { offset: 1, key: null, value: k('b') });
    expect(decodeRecordSet(Buffer.concat([a, b]).subarray(0, a.length + 10), 0, 0)).toMatchObject({ next: 1 });
    const mixed = decodeRecordSet(Buffer.concat([a, b, batch(2, specs)]), 0, 0);
    expect(mixed.records.map((r) => r.offset)).toEqual([0, 1]);
    expect(mixed.next).toBe(2);
  });

  it('flags old-format records committed when reading uncommitted (they predate transactions)', () => {
    const set = legacyEntry(1, { offset: 0, key: null, value: k('a') });
    const gate = { plain: 'committed' as const, decide: () => 'skip' as const };
    expect(decodeRecordSet(set, 0, 0, gate).records.map((r) => r.transaction)).toEqual(['committed']);
    expect(decodeRecordSet(set, 0, 0).records.map((r) => r.transaction)).toEqual([undefined]);
  });

  it('screens old-format values too', () => {
    const set = Buffer.concat([legacyEntry(1, { offset: 0, key: null, value: k('{"level":"error"}') }), legacyEntry(1, { offset: 1, key: null, value: k('{"level":"info"}') })]);
    const seen: [number, boolean][] = [];
    visitRecordSet(set, 0, 0, (r) => seen.push([r.offset, r.screenedOut]) > 0, { needles: [k('"error"')], unless: 0x5c });
    expect(seen).toEqual([
      [0, false],
      [1, true],
    ]);
  });
});
