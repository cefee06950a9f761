import { describe, expect, it } from 'vitest';
import type { TopicRow } from '@/lib/contracts/kafka';
import { compileTopicRegex, searchTopics } from './topic-search';

const row = (name: string, messages: number | null, internal = false): TopicRow => ({
  name,
  internal,
  partitions: 1,
  replicationFactor: 1,
  messages,
  sizeBytes: null,
  underReplicated: 0,
  offline: 0,
});

describe('compileTopicRegex', () => {
  it('accepts plain patterns, case-insensitive', () => {
    expect(compileTopicRegex('^orders\\.v[0-9]+$').test('ORDERS.v12')).toBe(true);
  });
  it.each(['(a+)+', '(a*)*b', '(x{1,3})+', '(ab+c)*', '([a-z]+)*$'])('rejects nested quantifiers in %s', (re) => {
    expect(() => compileTopicRegex(re)).toThrow(/nested quantifiers/);
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
});
