import type { OffsetChange, ResetScope, ResetTarget } from '@/lib/contracts/groups';

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
