import type { ActiveMember, GroupPartition, ResetOffsetsRequest } from '@/lib/contracts/groups';

export type ResetForm = {
  scope: 'group' | 'topic' | 'partitions';
  topic: string;
  partitions: number[];
  to: 'earliest' | 'latest' | 'timestamp' | 'offset' | 'shift';
  /** datetime-local value, read as local time. */
  timestamp: string;
  offset: string;
  shift: string;
};

export function initialResetForm(partitions: readonly GroupPartition[]): ResetForm {
  return { scope: 'group', topic: partitions[0]?.topic ?? '', partitions: [], to: 'earliest', timestamp: '', offset: '0', shift: '-1' };
}

/** The request the form describes, or a message saying what is missing. */
export function toResetRequest(f: ResetForm, dryRun: boolean): ResetOffsetsRequest | string {
  const scope =
    f.scope === 'group'
      ? { type: 'group' as const }
      : f.scope === 'topic'
        ? { type: 'topic' as const, topic: f.topic }
        : { type: 'partitions' as const, topic: f.topic, partitions: f.partitions };
  if (scope.type !== 'group' && !f.topic) return 'Choose a topic';
  if (scope.type === 'partitions' && !f.partitions.length) return 'Choose at least one partition';
  let to: ResetOffsetsRequest['to'];
  if (f.to === 'timestamp') {
    const ms = Date.parse(f.timestamp);
    if (!Number.isFinite(ms)) return 'Enter a date and time';
    to = { type: 'timestamp', timestamp: ms };
  } else if (f.to === 'offset') {
    const n = Number(f.offset);
    if (!Number.isInteger(n) || n < 0) return 'The offset must be a whole number, 0 or more';
    to = { type: 'offset', offset: n };
  } else if (f.to === 'shift') {
    const n = Number(f.shift);
    if (!Number.isInteger(n) || f.shift.trim() === '') return 'The shift must be a whole number (negative rewinds)';
    to = { type: 'shift', by: n };
  } else {
    to = { type: f.to };
  }
  return { dryRun, scope, to };
}

/**
 * The members a reset has to wait for, from the newest reading: the preview's (read live by the dry run), else the
 * live read the dialog makes when it opens, else the sampler's (up to a tick old: a consumer that joined since is not
 * in it, and a reset would race it).
 */
export function resetBlockers(preview: readonly ActiveMember[] | undefined, live: readonly ActiveMember[] | undefined, sampled: readonly ActiveMember[]): readonly ActiveMember[] {
  return preview ?? live ?? sampled;
}

export const RESET_REFUSAL =
  'Kafka refuses an offset commit from outside the group while it has active members (KIP-848 groups too), so a reset would be refused; one made as a consumer joins would race it. Stop its consumers, then check again.';
