import { formatCount, formatRate } from '@/lib/format';

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** Exact message count for tooltips and captions: "1,234 msg". */
export function formatMessages(v: number): string {
  return `${formatCount(Math.round(v))} msg`;
}

/** Axis ticks have ~70px: "1.2K msg" rather than "1,234,567 msg". */
export function formatMessagesAxis(v: number): string {
  return Math.abs(v) < 1000 ? `${Math.round(v)} msg` : `${compact.format(v)} msg`;
}

/** Tooltips use formatRate as is ("0.4 msg/s"); the axis only shortens large rates. */
export function formatMessageRateAxis(v: number): string {
  return Math.abs(v) < 1000 ? formatRate(v) : `${compact.format(v)} msg/s`;
}
