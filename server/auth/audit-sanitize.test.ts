import { describe, expect, it } from 'vitest';
import { sanitizeParams, storable, storableJson } from './audit-sanitize';

describe('what PostgreSQL refuses, made storable', () => {
  it('turns NUL and lone surrogates into U+FFFD and keeps surrogate pairs', () => {
    expect(storable('a\u0000b\ud800c\udfff💥')).toBe('a\uFFFDb\uFFFDc\uFFFD💥');
  });

  it('cleans every key and string of a JSON value, however deep, keeping "__proto__" a key', () => {
    let deep: unknown = 'x\ud800';
    for (let i = 0; i < 20_000; i++) deep = [deep];
    let v = storableJson(deep);
    for (let i = 0; i < 20_000; i++) v = (v as unknown[])[0];
    expect(v).toBe('x\uFFFD');
    const obj = storableJson(JSON.parse('{"k\\u0000":{"\\udc00":[1,null,true,"\\ud83d"]},"__proto__":{"p":1}}') as Record<string, unknown>);
    expect(JSON.stringify(obj)).toBe('{"k\uFFFD":{"\uFFFD":[1,null,true,"\uFFFD"]},"__proto__":{"p":1}}');
    expect(({} as Record<string, unknown>).p).toBeUndefined();
  });

  it('never cuts a string between the two halves of a surrogate pair', () => {
    const s = `${'a'.repeat(199)}💥tail`;
    expect(sanitizeParams({ name: s })).toEqual({ name: `${'a'.repeat(199)}\uFFFD…` });
  });
});
