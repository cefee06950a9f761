import { describe, expect, it } from 'vitest';
import { initialResetForm, resetBlockers, toResetRequest } from './reset-offsets-form';

describe('toResetRequest', () => {
  const base = initialResetForm([]);
  it('builds each kind of request', () => {
    expect(toResetRequest(base, true)).toEqual({ dryRun: true, scope: { type: 'group' }, to: { type: 'earliest' } });
    expect(toResetRequest({ ...base, scope: 'partitions', topic: 't', partitions: [1, 2], to: 'shift', shift: '-5' }, false)).toEqual({
      dryRun: false,
      scope: { type: 'partitions', topic: 't', partitions: [1, 2] },
      to: { type: 'shift', by: -5 },
    });
    expect(toResetRequest({ ...base, scope: 'topic', topic: 't', to: 'offset', offset: '42' }, true)).toMatchObject({ to: { type: 'offset', offset: 42 } });
    expect(toResetRequest({ ...base, to: 'timestamp', timestamp: '2026-01-02T03:04' }, true)).toMatchObject({ to: { type: 'timestamp', timestamp: Date.parse('2026-01-02T03:04') } });
  });
  it('says what is missing', () => {
    expect(toResetRequest({ ...base, scope: 'partitions', topic: 't' }, true)).toBe('Choose at least one partition');
    expect(toResetRequest({ ...base, to: 'offset', offset: '-1' }, true)).toMatch(/0 or more/);
    expect(toResetRequest({ ...base, to: 'timestamp' }, true)).toBe('Enter a date and time');
  });
});

describe('resetBlockers', () => {
  const a = { memberId: 'm1', clientId: 'c1', clientHost: '/127.0.0.1' };
  it('uses the newest reading: preview, then the live read, then the sampler', () => {
    expect(resetBlockers(undefined, undefined, [a])).toEqual([a]);
    // A consumer joined since the sampler's tick: the live read on opening knows.
    expect(resetBlockers(undefined, [a], [])).toEqual([a]);
    // The members left: the live read clears the sampler's stale view.
    expect(resetBlockers(undefined, [], [a])).toEqual([]);
    expect(resetBlockers([], [a], [a])).toEqual([]);
  });
});
