import type { LagStatus } from '@/lib/contracts/groups';

/** One sample of a partition as a group sees it. committed is null while the group has no commit. */
export type PartitionObservation = { ts: number; committed: number | null; end: number };

/** At least this many samples with a commit before a partition gets a verdict (otherwise UNKNOWN). */
export const MIN_WINDOW_SAMPLES = 3;

const OK: LagStatus = { status: 'OK', reason: null };
const UNKNOWN: LagStatus = { status: 'UNKNOWN', reason: null };

/**
 * Burrow-like evaluation of one partition over a sliding window (oldest first). Rules, in order
 * (docs/lag-status.md):
 *  1. fewer than MIN_WINDOW_SAMPLES samples with a commit, or no commit now -> UNKNOWN
 *  2. the committed offset went backwards between two samples -> ERR REWIND
 *  3. lag was zero at any sample -> OK (the consumer caught up within the window)
 *  4. committed offset never moved: messages arrived (end moved) -> ERR STALL, else -> ERR STOP
 *  5. committed moved but lag never fell from one sample to the next and ended higher -> WARN
 *  6. otherwise OK
 */
export function evaluatePartition(window: readonly PartitionObservation[], minSamples = MIN_WINDOW_SAMPLES): LagStatus {
  const seen = window.filter((o): o is PartitionObservation & { committed: number } => o.committed !== null);
  if (seen.length < minSamples || window[window.length - 1]?.committed === null) return UNKNOWN;
  for (let i = 1; i < seen.length; i++) {
    if (seen[i].committed < seen[i - 1].committed) return { status: 'ERR', reason: 'REWIND' };
  }
  const lags = seen.map((o) => Math.max(0, o.end - o.committed));
  if (lags.some((l) => l === 0)) return OK;
  const first = seen[0];
  const last = seen[seen.length - 1];
  if (first.committed === last.committed) {
    return { status: 'ERR', reason: last.end > first.end ? 'STALL' : 'STOP' };
  }
  let neverFell = true;
  for (let i = 1; i < lags.length; i++) if (lags[i] < lags[i - 1]) neverFell = false;
  if (neverFell && lags[lags.length - 1] > lags[0]) return { status: 'WARN', reason: null };
  return OK;
}

const RANK: Record<LagStatus['status'], number> = { UNKNOWN: 0, OK: 1, WARN: 2, ERR: 3 };
const REASON_RANK = { REWIND: 3, STALL: 2, STOP: 1 } as const;

/** A group is as bad as its worst partition; partitions without a verdict do not make it better or worse. */
export function combineStatuses(statuses: readonly LagStatus[]): LagStatus {
  let worst: LagStatus = UNKNOWN;
  for (const s of statuses) {
    if (RANK[s.status] > RANK[worst.status]) worst = s;
    else if (s.status === 'ERR' && worst.status === 'ERR' && s.reason && worst.reason && REASON_RANK[s.reason] > REASON_RANK[worst.reason]) worst = s;
  }
  return worst;
}
