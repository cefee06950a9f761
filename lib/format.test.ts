import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, formatCount, formatDuration, formatMessages, formatRate } from './format';

describe('format', () => {
  it('shows unknown for null, never 0', () => {
    expect(formatCount(null)).toBe('unknown');
    expect(formatBytes(undefined)).toBe('unknown');
    expect(formatRate(null)).toBe('unknown');
    expect(formatDuration(null)).toBe('unknown');
    expect(formatCount(0)).toBe('0');
  });
  it('groups thousands and scales bytes', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MiB');
  });
  it('formats durations and ages', () => {
    expect(formatDuration(42_000)).toBe('42s');
    expect(formatDuration(3_725_000)).toBe('1h 2m');
    expect(formatDuration(3 * 86_400_000)).toBe('3d 0h');
    expect(formatAge(new Date(1000).toISOString(), 1500)).toBe('just now');
    expect(formatAge(new Date(0).toISOString(), 90_000)).toBe('1m 30s ago');
  });
  it('formats rates', () => {
    expect(formatRate(2.345)).toBe('2.3 msg/s');
    expect(formatRate(1234.5)).toBe('1,235 msg/s');
  });
});

describe('formatMessages', () => {
  it('puts the noun in the number of the count', () => {
    expect(formatMessages(1)).toBe('1 message');
    expect(formatMessages(0)).toBe('0 messages');
    expect(formatMessages(2000)).toBe('2,000 messages');
    expect(formatMessages(null)).toBe('unknown messages');
  });
});
