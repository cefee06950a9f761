import type { LagStatus } from '@/lib/contracts/groups';

/** One sample of a partition as a group sees it. committed is null while the group has no commit. */
export type PartitionObservation = { ts: number; committed: number | null; end: number };

/** The group as the latest sample describes it: its state (Stable, Empty, ...) and how many members it has. */
export type GroupPresence = { state: string; members: number };

/** At least this many samples with a commit before a partition gets a verdict (otherwise UNKNOWN). */
export const MIN_WINDOW_SAMPLES = 3;

const OK: LagStatus = { status: 'OK', reason: null };
const UNKNOWN: LagStatus = { status: 'UNKNOWN', reason: null };
const err = (reason: 'STOP' | 'STALL' | 'REWIND'): LagStatus => ({ status: 'ERR', reason });

type Seen = PartitionObservation & { committed: number };
const lagOf = (o: Seen) => Math.max(0, o.end - o.committed);

/**
 * The group has nobody consuming: no member (a classic group is then Empty, a KIP-848 one Empty too). Dead is a
 * group being removed.
 */
export function consumersGone(group: GroupPresence): boolean {
  return group.members === 0 || /^(empty|dead)$/i.test(group.state);
}

/**
 * Burrow's "lag was zero" with the tolerance Burrow itself has: Burrow measures a commit's lag against the end offset
 * it last fetched, which is older than the commit, so a consumer that had read everything that existed at that fetch
 * counts as zero lag. Wharf reads both at the same moment; the same tolerance is "the commit has passed the end
 * offset of the sample before", i.e. lag no larger than what arrived in that one interval.
 */
function caughtUp(before: Seen, at: Seen): boolean {
  return at.committed >= before.end || lagOf(at) === 0;
}

/**
 * When Wharf first saw the committed offset it holds now: the start of the trailing run of equal offsets. The real
 * commit happened between that sample and the one before, so this errs on the side of "recent".
 */
function observedCommitAt(seen: readonly Seen[]): number {
  let i = seen.length - 1;
  while (i > 0 && seen[i - 1].committed === seen[i].committed) i--;
  return seen[i].ts;
}

/**
 * Burrow-like evaluation of one partition over a sliding window (oldest first) and the group as the latest sample saw
 * it. Rules, in order; the first that matches wins (docs/lag-status.md has each one's Burrow counterpart):
 *  0. fewer than minSamples samples with a commit, or no commit now -> UNKNOWN
 *  1. no lag now -> OK
 *  2. caught up (commit past the previous sample's end) at a sample since the last backwards step -> OK
 *  3. the committed offset went backwards in the window -> ERR REWIND
 *  4. no members, and the offset has stood still longer than it moved (observed commit recency) -> ERR STOP
 *  5. members, and the offset never moved in the window -> ERR STALL
 *  6. lag never fell from one sample to the next and ended higher -> WARN
 *  7. otherwise OK
 */
export function evaluatePartition(window: readonly PartitionObservation[], group: GroupPresence, minSamples = MIN_WINDOW_SAMPLES): LagStatus {
  const seen = window.filter((o): o is Seen => o.committed !== null);
  if (seen.length < minSamples || window[window.length - 1]?.committed === null) return UNKNOWN;
  const first = seen[0];
  const last = seen[seen.length - 1];
  if (lagOf(last) === 0) return OK;

  let rewoundAt = 0;
  for (let i = 1; i < seen.length; i++) if (seen[i].committed < seen[i - 1].committed) rewoundAt = i;
  // Catching up before a rewind says nothing about the reprocessing it started.
  for (let i = Math.max(1, rewoundAt); i < seen.length; i++) if (caughtUp(seen[i - 1], seen[i])) return OK;
  if (rewoundAt > 0) return err('REWIND');

  const commitAt = observedCommitAt(seen);
  if (consumersGone(group)) {
    // Burrow's STOP: the time since the last commit is longer than the commits span in the window. A group with no
    // members whose offsets still move (a Spark or Flink job committing without joining) is not stopped.
    if (last.ts - commitAt > commitAt - first.ts) return err('STOP');
  } else if (commitAt === first.ts) {
    // Live members between commits are normal, so a live group is stalled only when nothing moved in the window.
    return err('STALL');
  }

  let neverFell = true;
  for (let i = 1; i < seen.length; i++) if (lagOf(seen[i]) < lagOf(seen[i - 1])) neverFell = false;
  if (neverFell && lagOf(last) > lagOf(first)) return { status: 'WARN', reason: null };
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
