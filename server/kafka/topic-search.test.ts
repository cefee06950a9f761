import { describe, expect, it } from 'vitest';
import type { TopicRow } from '@/lib/contracts/kafka';
import { compileTopicRegex, searchTopics } from './topic-search';

const row = (name: string, messages: number | null, internal = false, lag: number | null = null): TopicRow => ({
  name,
  internal,
  partitions: 1,
  replicationFactor: 1,
  messages,
  sizeBytes: null,
  underReplicated: 0,
  offline: 0,
  groups: lag === null ? null : 1,
  lag,
  consumerGroups: lag === null ? null : [{ groupId: 'g', lag }],
});

describe('compileTopicRegex', () => {
  it('accepts plain patterns, case-insensitive', () => {
    expect(compileTopicRegex('^orders\\.v[0-9]+$').test('ORDERS.v12')).toBe(true);
  });
  it.each(['(a+)+', '(a*)*b', '(x{1,3})+', '(ab+c)*', '([a-z]+)*$', '((a+))+', '(?:(a?)b)*'])('rejects nested quantifiers in %s', (re) => {
    expect(() => compileTopicRegex(re)).toThrow(/nested quantifiers/);
  });
  it.each(['(a|aa)*', '((a|b))+c', '(x|y){2,}'])('rejects repeated alternations in %s', (re) => {
    expect(() => compileTopicRegex(re)).toThrow(/repeated alternation/);
  });
  it('allows a few open-ended repetitions, as names are short, but not polynomial blow-ups', () => {
    expect(compileTopicRegex('^team-.*-(dlq|retry)[0-9]?$').test('team-a-b-dlq1')).toBe(true);
    expect(compileTopicRegex('(abc)+[\\(|]*').test('abcabc')).toBe(true);
    expect(() => compileTopicRegex('.*.*.*x')).toThrow(/at most 2 open-ended repetitions/);
    expect(() => compileTopicRegex('a?'.repeat(20))).toThrow(/too many alternatives/);
  });
  it('rejects long patterns, backreferences and syntax errors with a reason', () => {
    expect(() => compileTopicRegex('a'.repeat(101))).toThrow(/longer than/);
    expect(() => compileTopicRegex('(a)\\1')).toThrow(/backreferences/);
    expect(() => compileTopicRegex('([a-z')).toThrow(/Invalid regex/);
  });
});

describe('searchTopics', () => {
  const rows = [row('b-orders', 5), row('a-payments', null), row('c-orders', 9), row('__consumer_offsets', 1, true)];

  it('hides internal topics unless asked, and counts what is visible', () => {
    expect(searchTopics(rows, {}).topics.map((r) => r.name)).toEqual(['a-payments', 'b-orders', 'c-orders']);
    expect(searchTopics(rows, { internal: true }).total).toBe(4);
  });
  it('filters by substring (case-insensitive) and by regex', () => {
    expect(searchTopics(rows, { q: 'ORDERS' }).topics.map((r) => r.name)).toEqual(['b-orders', 'c-orders']);
    expect(searchTopics(rows, { q: '^[ab]-', regex: true }).topics.map((r) => r.name)).toEqual(['a-payments', 'b-orders']);
  });
  it('sorts numbers both ways with unknown last', () => {
    expect(searchTopics(rows, { sort: 'messages', dir: 'desc' }).topics.map((r) => r.name)).toEqual(['c-orders', 'b-orders', 'a-payments']);
    expect(searchTopics(rows, { sort: 'messages', dir: 'asc' }).topics.map((r) => r.name)).toEqual(['b-orders', 'c-orders', 'a-payments']);
  });
  it('sorts by consumer lag and group count with unknown last', () => {
    const lagged = [row('x', 1, false, 5), row('y', 1, false, null), row('z', 1, false, 50), row('w', 1, false, 0)];
    expect(searchTopics(lagged, { sort: 'lag', dir: 'desc' }).topics.map((r) => r.name)).toEqual(['z', 'x', 'w', 'y']);
    expect(searchTopics(lagged, { sort: 'lag', dir: 'asc' }).topics.map((r) => r.name)).toEqual(['w', 'x', 'z', 'y']);
    expect(searchTopics(lagged, { sort: 'groups', dir: 'desc' }).topics.map((r) => r.name)).toEqual(['w', 'x', 'z', 'y']);
  });
});
