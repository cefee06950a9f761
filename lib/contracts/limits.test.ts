import { describe, expect, it } from 'vitest';
import { extentOf } from './limits';

describe('extentOf', () => {
  it('measures depth and size', () => {
    expect(extentOf('x')).toEqual({ depth: 0, nodes: 1 });
    expect(extentOf([])).toEqual({ depth: 1, nodes: 1 });
    expect(extentOf({ a: [1, 2], b: { c: null } })).toEqual({ depth: 2, nodes: 6 });
  });

  it('answers for values nested deeper than any stack, stopping past the cap', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(extentOf(deep, { depth: 20, nodes: 1e9 }).depth).toBe(21);
    expect(extentOf(Array.from({ length: 1000 }, () => 1), { depth: 10, nodes: 50 }).nodes).toBe(51);
  });
});
