// What a Kafka replay keeps in its job checkpoint, and how a resumed run settles the batch an interruption left in
// flight. Pure: replay.ts reads the target's end offsets and the source, these decide what they mean.
import 'server-only';
import type { ReadRecord } from './messages/to-message';

/** The plan a replay keeps in its checkpoint, so a resumed run reads exactly the range the first run chose. */
export type Range = { partition: number; leader: number; start: number; end: number; next: number };
export type Checkpoint = {
  ranges: Range[];
  counts: { read: number; matched: number; written: number };
  /** Target position before anything was written, for the final check. */
  targetStart: number | null;
  /** Batches earlier interruptions could not settle (sent again, maybe twice in the target), summed over every resume. */
  possibleDuplicates?: number;
  /** A batch sent but not yet known to be acknowledged: where it came from, its counts, the target position before it. */
  inFlight: InFlight | null;
};
/** One batch: a slice of each partition read (where each slice ends, how many it read and matched). */
export type BatchPart = { partition: number; next: number; read: number; count: number };
/**
 * What one target partition gets of a batch in flight: its end offset before this attempt, how many of the batch's
 * messages routed to it an earlier attempt already landed (`skip`, the first ones in batch order), and how many this
 * attempt sends (`count`, the ones after them).
 */
export type TargetShare = { partition: number; before: number; skip: number; count: number };
export type InFlight = {
  parts: BatchPart[];
  read: number;
  count: number;
  targetBefore: number | null;
  /** Kafka targets: the batch per target partition, and the partition count its routing was computed with. */
  shares?: TargetShare[];
  partitionCount?: number;
};
/** A batch an interruption left partly written: the same slices read again, less what landed in each target partition. */
export type Redo = { parts: BatchPart[]; skip: Map<number, number> };
/** What checkpoints of earlier versions saved: a batch of one partition. */
export type LegacyInFlight = { partition: number; next: number; read: number; count: number; targetBefore: number | null };

export function normalizeInFlight(b: InFlight | LegacyInFlight | null): InFlight | null {
  if (!b || 'parts' in b) return b;
  return { parts: [{ partition: b.partition, next: b.next, read: b.read, count: b.count }], read: b.read, count: b.count, targetBefore: b.targetBefore };
}

export const advance = (cp: Checkpoint, parts: BatchPart[]) => {
  for (const part of parts) cp.ranges.find((r) => r.partition === part.partition)!.next = part.next;
};

/**
 * A batch goes out as several produce requests (per leader, pipelined), so a kill can leave some partitions written
 * and others not. The idempotent writer keeps each partition's order (a request after one that failed is refused as
 * out of sequence), so what landed in a partition is a prefix of its share: how far its end offset moved says how
 * long. Only the rest is sent again. A partition that moved further than its share, or back, had another writer:
 * which of ours landed there cannot be told, so its share is sent again and reported as possible duplicates.
 */
export function settleByPartition(cp: Checkpoint, batch: InFlight, shares: TargetShare[], ends: Map<number, number>): { duplicates: number; redo: Redo | null } {
  const skip = new Map<number, number>();
  let landedNow = 0;
  let duplicates = 0;
  let whole = true;
  for (const s of shares) {
    const end = ends.get(s.partition);
    const landed = end === undefined ? -1 : end - s.before;
    if (landed >= 0 && landed <= s.count) {
      skip.set(s.partition, s.skip + landed);
      landedNow += landed;
      if (landed < s.count) whole = false;
    } else {
      skip.set(s.partition, s.skip);
      duplicates += s.count;
      whole = false;
    }
  }
  // What landed is written, whatever happens to the rest; earlier attempts' landings were counted by their settling.
  cp.counts.written += landedNow;
  if (whole) {
    advance(cp, batch.parts);
    return { duplicates: 0, redo: null };
  }
  cp.counts.read -= batch.read;
  cp.counts.matched -= batch.count;
  return { duplicates, redo: [...skip.values()].some((n) => n > 0) ? { parts: batch.parts, skip } : null };
}

/** Drops from `batch` each target partition's first `skip` messages (already in the target); the shares of the rest. */
export function sharesOf(batch: ReadRecord[], targets: Int32Array, ends: Map<number, number>, skip: Map<number, number> | undefined) {
  const routed = new Map<number, number>();
  const send: ReadRecord[] = [];
  for (let i = 0; i < batch.length; i++) {
    const n = routed.get(targets[i]) ?? 0;
    routed.set(targets[i], n + 1);
    if (!skip || n >= (skip.get(targets[i]) ?? 0)) send.push(batch[i]);
  }
  for (const [p, n] of skip ?? []) if (n > 0 && !routed.has(p)) routed.set(p, n);
  const shares: TargetShare[] = [];
  for (const [partition, n] of routed) {
    const before = ends.get(partition);
    if (before === undefined) return { send: batch, shares: undefined };
    const skipped = Math.min(n, skip?.get(partition) ?? 0);
    shares.push({ partition, before, skip: skipped, count: n - skipped });
  }
  return { send, shares };
}
