import { describe, expect, it } from 'vitest';
import { fromAmqpTable, headersForFilter, toAmqpTable } from './headers';

describe('AMQP header tables <-> JSON', () => {
  it('turns $bytes into buffers and back, keeping nested tables and arrays', () => {
    const json = { s: 'x', n: 3, b: false, nested: { list: [1, 'a', { $bytes: 'AAE=' }] } };
    const table = toAmqpTable(json);
    expect(Buffer.isBuffer((table.nested as { list: unknown[] }).list[2])).toBe(true);
    expect(fromAmqpTable(table)).toEqual(json);
  });

  it('refuses a "!" key, which amqplib would read as a type annotation', () => {
    expect(() => toAmqpTable({ h: { '!': 'x' } })).toThrow(/may not be "!"/);
  });

  it('shows timestamps as seconds and decimals as strings', () => {
    expect(fromAmqpTable({ t: { '!': 'timestamp', value: 1700000000 }, d: { '!': 'decimal', value: { places: 2, digits: 1234 } } })).toEqual({ t: 1700000000, d: '12.34' });
  });

  it('gives CEL string header values', () => {
    expect(headersForFilter({ s: 'x', n: 1, o: { a: true }, z: null })).toEqual({ s: 'x', n: '1', o: '{"a":true}' });
  });
});
