import { describe, expect, it } from 'vitest';
import { encodeSegment, findInputProblem, hasLoneSurrogate, MAX_INPUT_DEPTH, wellFormed } from './text';
import { BadRequestError } from './errors';

describe('lone surrogates', () => {
  it('finds unpaired high and low surrogates, not pairs', () => {
    expect(hasLoneSurrogate('a\ud800b')).toBe(true);
    expect(hasLoneSurrogate('a\udfff')).toBe(true);
    expect(hasLoneSurrogate('\udc00\ud800')).toBe(true);
    expect(hasLoneSurrogate('💥 ok \ud83d\udca5')).toBe(false);
    expect(hasLoneSurrogate('plain')).toBe(false);
  });

  it('replaces them with U+FFFD and keeps pairs', () => {
    expect(wellFormed('a\ud800b\ud83d\udca5\udfff')).toBe('a\uFFFDb💥\uFFFD');
    expect(Buffer.from(wellFormed('x\ud800'), 'utf8').toString('utf8')).toBe('x\uFFFD');
  });

  it('encodes names as encodeURIComponent does, and refuses a lone surrogate with a 400 naming it', () => {
    expect(encodeSegment('/', 'vhost')).toBe('%2F');
    expect(encodeSegment('q 💥', 'queue')).toBe(encodeURIComponent('q 💥'));
    expect(() => encodeURIComponent('a\ud800')).toThrow(URIError);
    expect(() => encodeSegment('a\ud800', 'queue')).toThrow(BadRequestError);
    expect(() => encodeSegment('a\ud800', 'queue')).toThrow(/Invalid queue: not well-formed text/);
  });
});

describe('findInputProblem', () => {
  it('passes ordinary input', () => {
    expect(findInputProblem({ a: [1, 'x', { b: null }], '💥': true })).toBeNull();
    expect(findInputProblem('text')).toBeNull();
    expect(findInputProblem(undefined)).toBeNull();
  });

  it('names the field holding a lone surrogate, in values and in keys', () => {
    expect(findInputProblem({ a: { b: ['ok', 'x\ud800'] } })).toEqual({ path: 'a.b.1', message: expect.stringMatching(/lone UTF-16 surrogate/) });
    expect(findInputProblem({ a: { ['k\udfff']: 1 } })).toEqual({ path: 'a.k\uFFFD', message: expect.stringMatching(/^key not well-formed/) });
    expect(findInputProblem('\ud800')).toMatchObject({ path: '' });
  });

  it('refuses nesting past the limit without recursing, however deep', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = i % 2 ? [deep] : { a: deep };
    expect(findInputProblem(deep)?.message).toBe(`nested deeper than ${MAX_INPUT_DEPTH} levels`);
    let ok: unknown = 1;
    for (let i = 0; i < MAX_INPUT_DEPTH; i++) ok = [ok];
    expect(findInputProblem(ok)).toBeNull();
    expect(findInputProblem([ok])?.message).toMatch(/nested deeper/);
  });
});
