import { describe, expect, it } from 'vitest';
import { compileFilter, KAFKA_FILTER_VARIABLES } from './cel';

const msg = {
  key: 'order-7',
  value: { amount: 150, user: { id: 'u7' }, tags: ['vip'] },
  headers: { trace: 'abc' },
  partition: 2n,
  offset: 10n,
  timestamp: 1_700_000_000_000n,
  size: 42n,
};

describe('compileFilter', () => {
  it('matches on JSON fields, key, headers and numbers', () => {
    expect(compileFilter('value.amount > 100', KAFKA_FILTER_VARIABLES).matches(msg)).toBe(true);
    expect(compileFilter('value.user.id == "u8"', KAFKA_FILTER_VARIABLES).matches(msg)).toBe(false);
    expect(compileFilter('key.startsWith("order-") && partition == 2', KAFKA_FILTER_VARIABLES).matches(msg)).toBe(true);
    expect(compileFilter('"trace" in headers && headers.trace == "abc"', KAFKA_FILTER_VARIABLES).matches(msg)).toBe(true);
    expect(compileFilter('value.tags.exists(t, t == "vip")', KAFKA_FILTER_VARIABLES).matches(msg)).toBe(true);
  });

  it('treats a per-message failure as no match', () => {
    expect(compileFilter('value.missing == 1', KAFKA_FILTER_VARIABLES).matches(msg)).toBe(false);
    expect(compileFilter('value.amount > 1', KAFKA_FILTER_VARIABLES).matches({ ...msg, value: 'plain text' })).toBe(false);
  });

  it('rejects bad expressions with the column and reason', () => {
    expect(() => compileFilter('value.amount >', KAFKA_FILTER_VARIABLES)).toThrow(/Invalid filter at column 15: Unexpected token/);
    expect(() => compileFilter('nope == 1', KAFKA_FILTER_VARIABLES)).toThrow(/Unknown variable: nope/);
    expect(() => compileFilter('partition + 1', KAFKA_FILTER_VARIABLES)).toThrow(/not bool/);
    expect(() => compileFilter('   ', KAFKA_FILTER_VARIABLES)).toThrow(/empty/);
    expect(() => compileFilter('a'.repeat(3000), KAFKA_FILTER_VARIABLES)).toThrow(/longer than/);
  });

  it('cannot run code: JavaScript in the expression is only a parse error', () => {
    expect(() => compileFilter('process.exit(1)', KAFKA_FILTER_VARIABLES)).toThrow(/Invalid filter/);
    expect(() => compileFilter('constructor.constructor("return 1")()', KAFKA_FILTER_VARIABLES)).toThrow(/Invalid filter/);
  });

  it('bounds the size of an expression', () => {
    const deep = `${'('.repeat(40)}true${')'.repeat(40)}`;
    expect(() => compileFilter(deep, KAFKA_FILTER_VARIABLES)).toThrow(/Invalid filter/);
  });
});
