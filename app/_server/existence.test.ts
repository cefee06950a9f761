import { describe, expect, it } from 'vitest';
import { NotFoundError, UnreachableError } from '@/server/http/errors';
import { existence } from './existence';

describe('existence (the page-level lookup)', () => {
  it('is missing only on a NotFoundError', async () => {
    expect(await existence(() => Promise.reject(new NotFoundError('No topic "x"')))).toBe('missing');
    expect(await existence(() => Promise.resolve({}))).toBe('present');
  });
  it('a broker that is down or refusing is unknown, not missing', async () => {
    expect(await existence(() => Promise.reject(new UnreachableError('Kafka connection "k" is unreachable')))).toBe('unknown');
    expect(await existence(() => Promise.reject(new Error('socket hang up')))).toBe('unknown');
  });
  it('a broker that does not answer in time is unknown, and its late refusal is not left unhandled', async () => {
    let reject: (e: unknown) => void = () => undefined;
    const slow = new Promise((_, r) => {
      reject = r;
    });
    expect(await existence(() => slow, 20)).toBe('unknown');
    reject(new NotFoundError('late'));
    await new Promise((r) => setTimeout(r, 10));
  });
});
