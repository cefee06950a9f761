import { describe, expect, it } from 'vitest';
import { isAtLeast, parseRabbitVersion } from './version';

describe('RabbitMQ versions', () => {
  it('reads major, minor and patch, ignoring build suffixes', () => {
    expect(parseRabbitVersion('4.2.1+12.g3f')).toEqual({ major: 4, minor: 2, patch: 1 });
    expect(parseRabbitVersion('3.10.8')).toEqual({ major: 3, minor: 10, patch: 8 });
    expect(parseRabbitVersion('3.13')).toEqual({ major: 3, minor: 13, patch: 0 });
    expect(parseRabbitVersion('unknown')).toBeNull();
    expect(parseRabbitVersion(null)).toBeNull();
  });

  it('compares numerically, not as text', () => {
    expect(isAtLeast('3.10.8', 3, 13)).toBe(false);
    expect(isAtLeast('3.13.0', 3, 13)).toBe(true);
    expect(isAtLeast('4.1.0', 4, 1, 1)).toBe(false);
    expect(isAtLeast('4.1.1', 4, 1, 1)).toBe(true);
    expect(isAtLeast('4.0.9', 3, 13)).toBe(true);
    expect(isAtLeast('10.0.0', 4, 0)).toBe(true);
    expect(isAtLeast(null, 3, 13)).toBeNull();
  });
});
