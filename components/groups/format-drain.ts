import type { GroupSummary } from '@/lib/contracts/groups';
import { formatDuration, formatRate } from '@/lib/format';

export type DrainFigures = Pick<GroupSummary, 'drain' | 'timeToDrainMs' | 'consumeRate' | 'lagStatus'>;

/**
 * The time to drain worth showing, or null. The sampler estimates it from the lag's fall over its whole window, while
 * the consume rate and lag status describe the last ticks: an estimate is only shown when those agree that the group
 * is consuming now. Otherwise the page said "0 msg/s" or "ERR STALL" beside "≈ 12m".
 */
export function supportedDrainMs(g: DrainFigures): number | null {
  if (g.drain !== 'draining' || g.timeToDrainMs === null) return null;
  if (g.consumeRate === null || g.consumeRate <= 0) return null;
  // STALL: members connected but commits not moving; STOP: no members. Neither drains, whatever the window says.
  if (g.lagStatus.status === 'ERR' && (g.lagStatus.reason === 'STALL' || g.lagStatus.reason === 'STOP')) return null;
  return g.timeToDrainMs;
}

export function formatDrain(g: DrainFigures): string {
  if (g.drain === 'drained') return 'drained';
  const ms = supportedDrainMs(g);
  if (ms !== null) return `≈ ${formatDuration(ms)}`;
  if (g.drain === 'not-draining' || g.consumeRate === 0) return 'not draining';
  if (g.lagStatus.status === 'ERR' && (g.lagStatus.reason === 'STALL' || g.lagStatus.reason === 'STOP')) return 'not draining';
  return 'unknown';
}

/** A positive rate never reads "0 msg/s": below 0.1/s it keeps two significant digits. */
export function formatConsumeRate(perSecond: number | null): string {
  if (perSecond !== null && perSecond > 0 && perSecond < 0.1) return `${perSecond.toLocaleString('en-US', { maximumSignificantDigits: 2 })} msg/s`;
  return formatRate(perSecond);
}
