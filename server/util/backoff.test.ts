import { afterEach, describe, expect, it, vi } from 'vitest';
import { FailureBackoff } from './backoff';

describe('FailureBackoff', () => {
  afterEach(() => vi.useRealTimers());
  it('blocks with the last error for a wait that doubles up to the maximum, and clears on success', () => {
    vi.useFakeTimers();
    const b = new FailureBackoff(500, 1500);
    expect(b.blocked()).toBeNull();
    const e = new Error('down');
    b.failed(e);
    expect(b.blocked()).toBe(e);
    vi.advanceTimersByTime(501);
    expect(b.blocked()).toBeNull();
    b.failed(e); // 1000
    vi.advanceTimersByTime(999);
    expect(b.blocked()).toBe(e);
    vi.advanceTimersByTime(2);
    b.failed(e); // capped at 1500
    vi.advanceTimersByTime(1501);
    expect(b.blocked()).toBeNull();
    b.failed(e);
    b.succeeded();
    expect(b.blocked()).toBeNull();
  });
});
