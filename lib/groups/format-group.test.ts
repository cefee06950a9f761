import { describe, expect, it } from 'vitest';
import { formatGroupState, formatMembers } from './format-group';

describe('formatGroupState', () => {
  it('shows Java enum names the way the tools print states, and keeps the broker word otherwise', () => {
    expect(formatGroupState('ASSIGNING')).toBe('Assigning');
    expect(formatGroupState('RECONCILING')).toBe('Reconciling');
    expect(formatGroupState('PREPARING_REBALANCE')).toBe('PreparingRebalance');
    expect(formatGroupState('Stable')).toBe('Stable');
    expect(formatGroupState('CompletingRebalance')).toBe('CompletingRebalance');
    expect(formatGroupState('Empty')).toBe('Empty');
  });
});

describe('formatMembers', () => {
  it('names members by client id and host, five at most', () => {
    const m = (i: number) => ({ clientId: `c${i}`, clientHost: `10.0.0.${i}` });
    expect(formatMembers([m(1)])).toBe('c1 on 10.0.0.1');
    expect(formatMembers([1, 2, 3, 4, 5, 6, 7].map(m))).toBe('c1 on 10.0.0.1, c2 on 10.0.0.2, c3 on 10.0.0.3, c4 on 10.0.0.4, c5 on 10.0.0.5 and 2 more');
    expect(formatMembers([{ clientId: '', clientHost: '' }])).toBe('(no client id) on (unknown host)');
  });
});
