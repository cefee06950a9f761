import { describe, expect, it } from 'vitest';
import { nameMatcher, sortBy } from './list-filter';

describe('nameMatcher', () => {
  it('matches substrings case-insensitively, or a regex on request', () => {
    const sub = nameMatcher('Orders', false) as (s: string) => boolean;
    expect(['shop.orders', 'payments'].filter(sub)).toEqual(['shop.orders']);
    const re = nameMatcher('^shop\\.(orders|payments)$', true) as (s: string) => boolean;
    expect(['shop.orders', 'shop.payments', 'shop.orders.dlq'].filter(re)).toEqual(['shop.orders', 'shop.payments']);
    expect((nameMatcher('  ', true) as (s: string) => boolean)('anything')).toBe(true);
  });
  it('names what is wrong with a regex it refuses', () => {
    expect(nameMatcher('(unclosed', true)).toMatch(/^Invalid regex: /);
    expect(nameMatcher('a'.repeat(101), true)).toBe('Regex longer than 100 characters');
  });
});

describe('sortBy', () => {
  it('sorts names and numbers both ways with unknown values last', () => {
    const rows = [{ n: 'b', r: 2 }, { n: 'a', r: null }, { n: 'c', r: 10 }];
    expect(sortBy(rows, (x) => x.n, 'asc').map((x) => x.n)).toEqual(['a', 'b', 'c']);
    expect(sortBy(rows, (x) => x.r, 'desc').map((x) => x.n)).toEqual(['c', 'b', 'a']);
    expect(sortBy(rows, (x) => x.r, 'asc').map((x) => x.n)).toEqual(['b', 'c', 'a']);
  });
});
