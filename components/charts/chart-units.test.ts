import { describe, expect, it } from 'vitest';
import { formatMessageRateAxis, formatMessages, formatMessagesAxis } from './chart-units';

describe('chart units', () => {
  it('shows exact counts in tooltips and compact ones on the axis', () => {
    expect(formatMessages(1234567)).toBe('1,234,567 msg');
    expect(formatMessages(2.6)).toBe('3 msg');
    expect(formatMessagesAxis(999)).toBe('999 msg');
    expect(formatMessagesAxis(1234567)).toBe('1.2M msg');
  });
  it('keeps one decimal for small rates and shortens large ones', () => {
    expect(formatMessageRateAxis(0.44)).toBe('0.4 msg/s');
    expect(formatMessageRateAxis(0)).toBe('0 msg/s');
    expect(formatMessageRateAxis(12.3)).toBe('12 msg/s');
    expect(formatMessageRateAxis(25_400)).toBe('25.4K msg/s');
  });
});
