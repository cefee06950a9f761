import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor';

describe('message cursors', () => {
  it('round-trips direction and per-partition positions', () => {
    const token = encodeCursor({ dir: 'older', positions: new Map([[3, 10], [0, 99]]) });
    expect(decodeCursor(token)).toEqual({ dir: 'older', positions: new Map([[0, 99], [3, 10]]) });
  });
  it('rejects tokens it did not make with a 400', () => {
    for (const bad of ['x', Buffer.from('{"d":"up","p":[]}').toString('base64url'), Buffer.from('{"d":"newer","p":[[-1,2]]}').toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrow(/Invalid cursor/);
    }
  });
});
