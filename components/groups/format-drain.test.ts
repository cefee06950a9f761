import { describe, expect, it } from 'vitest';
import { formatConsumeRate, formatDrain, supportedDrainMs, type DrainFigures } from './format-drain';

const OK = { status: 'OK', reason: null } as const;
const draining = (over: Partial<DrainFigures> = {}): DrainFigures => ({ drain: 'draining', timeToDrainMs: 719_000, consumeRate: 2, lagStatus: OK, ...over });

describe('time to drain', () => {
  it('shows the estimate when the group consumes now', () => {
    expect(formatDrain(draining())).toBe('≈ 11m 59s');
    expect(supportedDrainMs(draining())).toBe(719_000);
  });
  it('shows no estimate beside a consume rate of 0 (the window fell, the last interval committed nothing)', () => {
    expect(formatDrain(draining({ consumeRate: 0 }))).toBe('not draining');
    expect(supportedDrainMs(draining({ consumeRate: 0 }))).toBeNull();
  });
  it('shows no estimate when the rate is unknown', () => {
    expect(formatDrain(draining({ consumeRate: null }))).toBe('unknown');
  });
  it('shows no estimate beside ERR STALL or ERR STOP', () => {
    expect(formatDrain(draining({ lagStatus: { status: 'ERR', reason: 'STALL' } }))).toBe('not draining');
    expect(formatDrain(draining({ lagStatus: { status: 'ERR', reason: 'STOP' } }))).toBe('not draining');
    // A rewound group that consumes its way back does drain.
    expect(formatDrain(draining({ lagStatus: { status: 'ERR', reason: 'REWIND' } }))).toBe('≈ 11m 59s');
  });
  it('keeps drained, not draining and unknown', () => {
    expect(formatDrain(draining({ drain: 'drained', timeToDrainMs: 0, consumeRate: 0 }))).toBe('drained');
    expect(formatDrain(draining({ drain: 'not-draining', timeToDrainMs: null }))).toBe('not draining');
    expect(formatDrain(draining({ drain: 'unknown', timeToDrainMs: null, consumeRate: null }))).toBe('unknown');
  });
});

describe('consume rate', () => {
  it('never shows a positive rate as 0 msg/s', () => {
    expect(formatConsumeRate(0.04)).toBe('0.04 msg/s');
    expect(formatConsumeRate(0.0123)).toBe('0.012 msg/s');
    expect(formatConsumeRate(0)).toBe('0 msg/s');
    expect(formatConsumeRate(2.5)).toBe('2.5 msg/s');
    expect(formatConsumeRate(null)).toBe('unknown');
  });
});
