import type { ExpectedChange, OffsetChange, ResetScope, ResetTarget } from '@/lib/contracts/groups';

export type PartitionState = { topic: string; partition: number; committed: number | null; start: number; end: number };

/** Which partitions a reset touches; unknown topics or partitions are refused with a message naming them. */
export function selectPartitions(all: readonly PartitionState[], scope: ResetScope): PartitionState[] | string {
  if (scope.type === 'group') {
    const committed = all.filter((p) => p.committed !== null);
    return committed.length ? committed : 'The group has no committed offsets; choose a topic to reset';
  }
  const ofTopic = all.filter((p) => p.topic === scope.topic);
  if (!ofTopic.length) return `Topic "${scope.topic}" does not exist`;
  if (scope.type === 'topic') return ofTopic;
  const missing = scope.partitions.filter((n) => !ofTopic.some((p) => p.partition === n));
  if (missing.length) return `Topic "${scope.topic}" has no partition ${missing.join(', ')}`;
  return ofTopic.filter((p) => scope.partitions.includes(p.partition));
}

/**
 * The new offset of each partition, clamped to what the log holds (Kafka would otherwise apply its
 * auto.offset.reset on the next poll, which is not what was asked). `byTimestamp` maps "topic:partition"
 * to the offset found for a timestamp target (-1 or absent: no message that late, so the end).
 */
export function planReset(partitions: readonly PartitionState[], to: ResetTarget, byTimestamp: ReadonlyMap<string, number> = new Map()): OffsetChange[] {
  return partitions.map((p) => {
    let next: number;
    switch (to.type) {
      case 'earliest':
        next = p.start;
        break;
      case 'latest':
        next = p.end;
        break;
      case 'offset':
        next = to.offset;
        break;
      case 'shift':
        next = (p.committed ?? p.start) + to.by;
        break;
      case 'timestamp': {
        const found = byTimestamp.get(`${p.topic}:${p.partition}`);
        next = found === undefined || found < 0 ? p.end : found;
        break;
      }
    }
    return { topic: p.topic, partition: p.partition, current: p.committed, next: Math.min(p.end, Math.max(p.start, next)), start: p.start, end: p.end };
  });
}

/**
 * Applying a previewed plan writes the offsets the user saw, not a plan computed afresh ("latest" and "shift" move
 * with traffic and commits). It is refused, with the first difference named, when the partitions selected or a
 * committed offset changed since the preview, or a previewed offset is no longer inside the log (retention
 * deleted it). Returns the changes to write, or the reason to refuse.
 */
export function confirmPreview(selected: readonly PartitionState[], expected: readonly ExpectedChange[]): OffsetChange[] | string {
  const key = (p: { topic: string; partition: number }) => `${p.topic}:${p.partition}`;
  const now = new Map(selected.map((p) => [key(p), p]));
  const wanted = new Set(expected.map(key));
  const added = selected.find((p) => !wanted.has(key(p)));
  if (added) return `Partition ${key(added)} was not in the preview; preview again`;
  const changes: OffsetChange[] = [];
  for (const e of expected) {
    const p = now.get(key(e));
    if (!p) return `Partition ${key(e)} is no longer part of this reset; preview again`;
    if (p.committed !== e.current) {
      return `The committed offset of ${key(e)} moved from ${e.current ?? 'none'} to ${p.committed ?? 'none'} since the preview; preview again`;
    }
    if (e.next < p.start || e.next > p.end) return `Offset ${e.next} of ${key(e)} is outside the log now (${p.start} to ${p.end}); preview again`;
    changes.push({ topic: p.topic, partition: p.partition, current: p.committed, next: e.next, start: p.start, end: p.end });
  }
  return changes;
}
