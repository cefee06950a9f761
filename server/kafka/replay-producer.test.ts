import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { ReadRecord } from './messages/to-message';
import { BatchEncoder, crc32c } from './replay-producer';

type Decoded = {
  producerId: string;
  producerEpoch: number;
  firstSequence: number;
  records: { offset: string; timestamp: string; key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer | Buffer[] | null> }[];
};
// kafkajs's own record batch decoder, as an independent reading of what the encoder writes.
const require = createRequire(import.meta.url);
const Decoder = require('kafkajs/src/protocol/decoder.js') as new (b: Buffer) => unknown;
const decodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder.js') as (d: unknown) => Promise<Decoded>;

const record = (offset: number, key: string | null, value: string | null, headers: ReadRecord['raw']['headers'] = {}): ReadRecord =>
  ({ partition: 3, offset, timestamp: 1_700_000_000_000 + offset, timestampType: 'create', raw: { key: key === null ? null : Buffer.from(key), value: value === null ? null : Buffer.from(value), headers } }) as ReadRecord;

describe('replay record batches', () => {
  it('crc32c matches the Castagnoli check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    const long = Buffer.from('x'.repeat(1000) + 'y'.repeat(37));
    const bytewise = (b: Buffer) => {
      let c = -1;
      for (const byte of b) {
        c ^= byte;
        for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
      }
      return (c ^ -1) >>> 0;
    };
    expect(crc32c(long)).toBe(bytewise(long));
  });

  it('encodes keys, values, headers (repeated and null ones too) and provenance, plain and gzip-compressed', async () => {
    const records = [
      record(41, 'k1', '{"a":1}', { seq: Buffer.from('1'), multi: [Buffer.from('x'), Buffer.from('y')], empty: null }),
      record(42, null, null),
      record(43, 'k3', 'v'.repeat(300)),
    ];
    const encoder = new BatchEncoder({ connection: 'conn', topic: 'src' });
    const plain = encoder.encode(records, true, 7n, 2, 100);
    for (const bytes of [plain, await encoder.compress(plain)]) {
      expect(bytes.readUInt32BE(17)).toBe(crc32c(bytes, 21));
      const batch = await decodeBatch(new Decoder(bytes));
      expect(batch).toMatchObject({ producerId: '7', producerEpoch: 2, firstSequence: 100 });
      expect(batch.records.map((r) => [r.offset, r.timestamp, r.key?.toString() ?? null, r.value?.toString() ?? null])).toEqual([
        ['0', String(1_700_000_000_041), 'k1', '{"a":1}'],
        ['1', String(1_700_000_000_042), null, null],
        ['2', String(1_700_000_000_043), 'k3', 'v'.repeat(300)],
      ]);
      const h = batch.records[0].headers;
      expect(h.seq?.toString()).toBe('1');
      expect((h.multi as Buffer[]).map(String)).toEqual(['x', 'y']);
      expect(h.empty).toBeNull();
      expect(Object.fromEntries(Object.entries(batch.records[2].headers).map(([k, v]) => [k, String(v)]))).toEqual({
        'wharf-source-connection': 'conn',
        'wharf-source-topic': 'src',
        'wharf-source-partition': '3',
        'wharf-source-offset': '43',
      });
    }
  });

  it('without provenance and kept timestamps, records carry only their own headers and the time of writing', async () => {
    const before = Date.now();
    const batch = await decodeBatch(new Decoder(new BatchEncoder(null).encode([record(5, 'k', 'v')], false, 1n, 0, 0)));
    expect(batch.records[0].headers).toEqual({});
    expect(Number(batch.records[0].timestamp)).toBeGreaterThanOrEqual(before);
  });
});
