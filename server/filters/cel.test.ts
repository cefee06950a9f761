import { describe, expect, it } from 'vitest';
import { compileFilter, KAFKA_FILTER_VARIABLES, MATCHES_MAX_INPUT } from './cel';

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

describe('matches()', () => {
  const text = (s: string) => ({ ...msg, value: { s } });

  it('runs a normal regex', () => {
    const f = compileFilter('value.s.matches("^ORD-[0-9]+$") && !value.s.matches("x")', KAFKA_FILTER_VARIABLES);
    expect(f.matches(text('ORD-42'))).toBe(true);
    expect(f.matches(text('ORD-4x'))).toBe(false);
    expect(compileFilter('value.tags.exists(t, t.matches("^v.p$"))', KAFKA_FILTER_VARIABLES).matches(msg)).toBe(true);
  });

  it.each([
    ['(a+)+$', /column 17: matches\(\) refuses this pattern: nested quantifiers such as \(a\+\)\+ are not allowed/],
    ['(a|aa)*', /repeated alternation such as \(a\|aa\)\* is not allowed/],
    ['((a*))*b', /nested quantifiers/],
    ['.*.*x', /at most 1 open-ended repetition \(\*, \+, \{n,\}\) allowed/],
    ['(a)\\\\1', /backreferences are not allowed/],
    ['([a-z', /matches\(\) refuses this pattern: .*Unterminated character class/],
  ])('refuses the literal pattern %s when the filter is compiled', (pattern, reason) => {
    expect(() => compileFilter(`value.s.matches("${pattern}")`, KAFKA_FILTER_VARIABLES)).toThrow(reason);
  });

  it('names matches() in type errors', () => {
    expect(() => compileFilter('partition.matches("a")', KAFKA_FILTER_VARIABLES)).toThrow(/no matching overload for 'int\.matches\(string\)'/);
  });

  it('does not match with a pattern taken from the message that the checks refuse', () => {
    const f = compileFilter('value.s.matches(value.p)', KAFKA_FILTER_VARIABLES);
    expect(f.matches({ ...msg, value: { s: 'abc', p: '^a.c$' } })).toBe(true);
    const started = Date.now();
    expect(f.matches({ ...msg, value: { s: `${'a'.repeat(40)}!`, p: '(a+)+$' } })).toBe(false);
    expect(Date.now() - started).toBeLessThan(100);
  });

  it(`searches only the first ${MATCHES_MAX_INPUT} characters, so a long value stays cheap`, () => {
    const f = compileFilter('value.s.matches("a+x")', KAFKA_FILTER_VARIABLES);
    expect(f.matches(text(`${'a'.repeat(MATCHES_MAX_INPUT - 1)}x`))).toBe(true);
    const started = Date.now();
    expect(f.matches(text(`${'a'.repeat(1_000_000)}x`))).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
