import { describe, expect, it } from 'vitest';
import { describeTopicGroups, formatTopicLag } from './format-topic-consumers';

describe('formatTopicLag', () => {
  it('keeps unknown, no group and no commit apart from 0', () => {
    expect(formatTopicLag({ groups: null, lag: null, consumerGroups: null })).toBe('unknown');
    expect(formatTopicLag({ groups: 0, lag: null, consumerGroups: [] })).toBe('—');
    expect(formatTopicLag({ groups: 1, lag: null, consumerGroups: [{ groupId: 'g', lag: null }] })).toBe('no commit');
    expect(formatTopicLag({ groups: 1, lag: 0, consumerGroups: [{ groupId: 'g', lag: 0 }] })).toBe('0');
    expect(formatTopicLag({ groups: 2, lag: 12345, consumerGroups: [] })).toBe('12,345');
  });
});

describe('describeTopicGroups', () => {
  it('lists groups by lag, unknown last, capped', () => {
    const consumerGroups = [
      { groupId: 'b', lag: 3 },
      { groupId: 'a', lag: null },
      { groupId: 'c', lag: 40 },
    ];
    expect(describeTopicGroups({ groups: 3, lag: 43, consumerGroups })).toBe('c: lag 40\nb: lag 3\na: no commit');
    expect(describeTopicGroups({ groups: 3, lag: 43, consumerGroups }, 2)).toBe('c: lag 40\nb: lag 3\n… 1 more');
    expect(describeTopicGroups({ groups: null, lag: null, consumerGroups: null })).toBe('Not sampled yet');
  });
});
