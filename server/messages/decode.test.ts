import { describe, expect, it } from 'vitest';
import { decodeField, filterHeaders, filterValue } from './decode';

describe('decodeField', () => {
  it('pretty-prints JSON objects and keeps the exact bytes', () => {
    const d = decodeField(Buffer.from('{"a":1}'));
    expect(d).toMatchObject({ encoding: 'json', display: '{\n  "a": 1\n}', size: 7, truncated: false });
    expect(Buffer.from(d.base64!, 'base64').toString()).toBe('{"a":1}');
  });
  it('shows valid UTF-8 as text and other bytes as hex', () => {
    expect(decodeField(Buffer.from('héllo'))).toMatchObject({ encoding: 'text', display: 'héllo' });
    expect(decodeField(Buffer.from([0xff, 0x00, 0x10]))).toMatchObject({ encoding: 'binary', display: 'ff 00 10', base64: '/wAQ' });
    expect(decodeField(Buffer.from('42'))).toMatchObject({ encoding: 'text', display: '42' });
  });
  it('shows null as null, not as empty', () => {
    expect(decodeField(null)).toEqual({ encoding: 'null', display: null, base64: null, size: 0, truncated: false });
    expect(decodeField(Buffer.alloc(0))).toMatchObject({ encoding: 'text', display: '', size: 0 });
  });
  it('honours a forced mode', () => {
    expect(decodeField(Buffer.from('{"a":1}'), 'text').display).toBe('{"a":1}');
    expect(decodeField(Buffer.from('hi'), 'hex').display).toBe('68 69');
    expect(decodeField(Buffer.from('hi'), 'base64').display).toBe('aGk=');
  });
  it('truncates large values and leaves the bytes out', () => {
    const d = decodeField(Buffer.alloc(100, 'a'), 'auto', 10);
    expect(d).toMatchObject({ encoding: 'text', display: 'aaaaaaaaaa', size: 100, truncated: true, base64: null });
  });
});

describe('filter inputs', () => {
  it('parses JSON, keeps text, base64s binary', () => {
    expect(filterValue(Buffer.from('{"x":[1]}'))).toEqual({ x: [1] });
    expect(filterValue(Buffer.from('plain'))).toBe('plain');
    expect(filterValue(Buffer.from([0xff]))).toBe('/w==');
    expect(filterValue(null)).toBeNull();
  });
  it('flattens headers to strings', () => {
    expect(filterHeaders({ a: Buffer.from('1'), b: [Buffer.from('x'), Buffer.from('y')], c: undefined })).toEqual({ a: '1', b: 'y' });
  });
});
