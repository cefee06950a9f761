import { crc32c, readRecordsBatch, Reader } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import type { ReadRecord } from './messages/to-message';
import { BatchEncoder } from './replay-batch';

const record = (offset: number, key: string | null, value: string | null, headers: ReadRecord['raw']['headers'] = {}): ReadRecord =>
  ({ partition: 3, offset, timestamp: 1_700_000_000_000 + offset, timestampType: 'create', raw: { key: key === null ? null : Buffer.from(key), value: value === null ? null : Buffer.from(value), headers } }) as ReadRecord;

/** The batch as the library's own decoder reads it (an independent reading of what the encoder writes). */
const decode = (bytes: Buffer) => readRecordsBatch(Reader.from(bytes));
const text = (b: Buffer | null) => (b === null ? null : b.toString());

describe('replay record batches', () => {
  it('encodes keys, values, headers (repeated and null ones too) and provenance, plain and gzip-compressed, checksummed', async () => {
    const records = [
      record(41, 'k1', '{"a":1}', { seq: Buffer.from('1'), multi: [Buffer.from('x'), Buffer.from('y')], empty: null }),
      record(42, null, null),
      record(43, 'k3', 'v'.repeat(300)),
      // An offset past 2^31: provenance digits are written without a string, so check a long one.
      record(9_007_199_254, 'k4', ''),
    ];
    const encoder = new BatchEncoder({ connection: 'conn', topic: 'src' });
    const plain = encoder.encode(records, true, 7n, 2, 100);
    const gzipped = await encoder.compress(plain);
    expect(gzipped.readInt16BE(21) & 7).toBe(1);
    for (const bytes of [plain, gzipped]) {
      // The checksum covers everything from the attributes on (KIP-98), as the broker checks it.
      expect(bytes.readUInt32BE(17)).toBe(crc32c(bytes.subarray(21)));
      expect(bytes.readInt32BE(8)).toBe(bytes.length - 12);
      const batch = decode(bytes);
      expect(batch).toMatchObject({ magic: 2, producerId: 7n, producerEpoch: 2, firstSequence: 100, lastOffsetDelta: 3, firstTimestamp: 1_700_000_000_041n });
      expect(batch.maxTimestamp).toBe(BigInt(1_700_000_000_000 + 9_007_199_254));
      expect(batch.records.map((r) => [r.offsetDelta, batch.firstTimestamp + r.timestampDelta, text(r.key), text(r.value)])).toEqual([
        [0, 1_700_000_000_041n, 'k1', '{"a":1}'],
        [1, 1_700_000_000_042n, null, null],
        [2, 1_700_000_000_043n, 'k3', 'v'.repeat(300)],
        [3, BigInt(1_700_000_000_000 + 9_007_199_254), 'k4', ''],
      ]);
      expect(batch.records[0].headers.map(([k, v]) => [text(k), text(v)])).toEqual([
        ['seq', '1'],
        ['multi', 'x'],
        ['multi', 'y'],
        ['empty', null],
        ['wharf-source-connection', 'conn'],
        ['wharf-source-topic', 'src'],
        ['wharf-source-partition', '3'],
        ['wharf-source-offset', '41'],
      ]);
      expect(batch.records[3].headers.map(([k, v]) => [text(k), text(v)]).at(-1)).toEqual(['wharf-source-offset', '9007199254']);
    }
  });

  it('without provenance and kept timestamps, records carry only their own headers and the time of writing', () => {
    const before = BigInt(Date.now());
    const batch = decode(new BatchEncoder(null).encode([record(5, 'k', 'v'), record(6, 'k', 'w')], false, 1n, 0, 0));
    expect(batch.records.map((r) => r.headers)).toEqual([[], []]);
    expect(batch.firstTimestamp).toBeGreaterThanOrEqual(before);
    expect(batch.records.map((r) => r.timestampDelta)).toEqual([0n, 0n]);
  });

  it('sizes records no smaller than they encode, so batches stay under the limit they are cut at', () => {
    const encoder = new BatchEncoder({ connection: 'a-connection', topic: 'a-topic' });
    const records = Array.from({ length: 200 }, (_, i) => record(i * 977, i % 3 ? `key-${i}` : null, 'x'.repeat(i * 7), { h: Buffer.from('v'.repeat(i)), two: [Buffer.from('a'), Buffer.from('b')] }));
    const estimated = records.reduce((n, r) => n + encoder.sizeOf(r), 61);
    expect(encoder.encode(records, true, 1n, 0, 0).length).toBeLessThanOrEqual(estimated);
  });
});
