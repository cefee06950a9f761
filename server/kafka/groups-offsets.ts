import 'server-only';
import type { GroupOffsets, OffsetChange, ResetOffsetsRequest, ResetOffsetsResult } from '@/lib/contracts/groups';
import { formatMembers } from '@/lib/groups/format-group';
import { getConnectorOf } from '../connections/registry';
import { BadRequestError, ConflictError, NotFoundError } from '../http/errors';
import { assertWritable, brokerVerdict, toApiError } from './admin-errors';
import { clusterMetadata, EARLIEST, LATEST, listOffsets, tpKey, type PartitionRef } from './cluster';
import type { KafkaConnector } from './connector';
import { readGroup, type GroupMemberState, type GroupReading } from './groups';
import { confirmPreview, planReset, selectPartitions, type PartitionState } from './offsets-plan';

/*
 * Offsets of a consumer group change only through the admin API (OffsetCommit as AlterConsumerGroupOffsets, no
 * member id, no generation), never by joining the group: a join would take partitions from the live members in a
 * rebalance, and turn an empty KIP-848 group into a classic one. Kafka itself refuses such a commit, and a delete,
 * while the group has members; Wharf checks first, to name them, and again right before writing.
 */

/** Writing offsets can wait for a coordinator that is loading. */
const WRITE_TIMEOUT_MS = 15_000;
/** The broker's refusals that mean "the group has members" (or had, at the generation the request named). */
const BUSY = new Set(['UNKNOWN_MEMBER_ID', 'NON_EMPTY_GROUP', 'ILLEGAL_GENERATION', 'REBALANCE_IN_PROGRESS', 'FENCED_MEMBER_EPOCH', 'STALE_MEMBER_EPOCH']);

const brief = (m: GroupMemberState) => ({ memberId: m.memberId, clientId: m.clientId, clientHost: m.clientHost });
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function busy(groupId: string, g: Pick<GroupReading, 'members' | 'state'>, doing: string): ConflictError {
  return new ConflictError(
    `Group "${groupId}" has ${plural(g.members.length, 'active member')} (${formatMembers(g.members)}; ${g.state}): stop its consumers before ${doing}`,
  );
}

/** The broker refused because the group has members: 409 saying so, in its own words too. */
function refusal(e: unknown, groupId: string, what: string, subject: string): unknown {
  const v = brokerVerdict(e);
  if (v && BUSY.has(v.id)) return new ConflictError(`Group "${groupId}" has active members: Kafka refused to ${what} (${v.id}: ${v.message})`);
  return toApiError(e, subject);
}

async function liveGroup(connector: KafkaConnector, groupId: string): Promise<GroupReading> {
  const group = await connector.run(`group "${groupId}"`, (c) => readGroup(c, groupId));
  if (!group) throw new NotFoundError(`No consumer group "${groupId}" on "${connector.config.id}"`);
  return group;
}

/** Start, end and committed offset of every partition of the group's topics (and `extraTopic`), read live. */
async function partitionStates(connector: KafkaConnector, group: GroupReading, extraTopic?: string): Promise<PartitionState[]> {
  const committed = new Map(group.committed.map((c) => [tpKey(c.topic, c.partition), c.offset]));
  const topics = [...new Set([...group.committed.map((c) => c.topic), ...(extraTopic ? [extraTopic] : [])])].sort();
  if (!topics.length) return [];
  return connector.run(`offsets of ${topics.length === 1 ? topics[0] : `${topics.length} topics`}`, async (c) => {
    const meta = await clusterMetadata(c, topics);
    // A deleted topic (its commits outlive it) or one without a leader has no offsets to show or reset to.
    const refs: PartitionRef[] = meta.topicMetadata
      .filter((t) => t.topicErrorCode === 0)
      .flatMap((t) => t.partitionMetadata.map((p) => ({ topic: t.topic, partition: p.partitionId, leader: p.leader })));
    const [starts, ends] = await Promise.all([listOffsets(c, refs, EARLIEST), listOffsets(c, refs, LATEST)]);
    const out: PartitionState[] = [];
    for (const r of refs) {
      const k = tpKey(r.topic, r.partition);
      const start = starts.get(k);
      const end = ends.get(k);
      if (start !== undefined && end !== undefined) out.push({ topic: r.topic, partition: r.partition, committed: committed.get(k) ?? null, start, end });
    }
    return out.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  });
}

export async function getGroupOffsets(id: string, groupId: string): Promise<GroupOffsets> {
  const connector = getConnectorOf(id, 'kafka');
  const group = await liveGroup(connector, groupId);
  const partitions = await partitionStates(connector, group);
  return {
    groupId,
    type: group.type,
    state: group.state,
    activeMembers: group.members.map(brief),
    partitions: partitions.map((p) => ({ ...p, lag: p.committed === null ? null : Math.max(0, p.end - p.committed) })),
  };
}

/** Offsets at a time per partition ("topic:partition"); absent where no message is that late. */
async function offsetsAt(connector: KafkaConnector, partitions: readonly PartitionState[], timestamp: number): Promise<Map<string, number>> {
  const topics = [...new Set(partitions.map((p) => p.topic))];
  return connector.run('offsets at a time', async (c) => {
    const meta = await clusterMetadata(c, topics);
    const leaders = new Map(meta.topicMetadata.flatMap((t) => t.partitionMetadata.map((p) => [tpKey(t.topic, p.partitionId), p.leader] as const)));
    const refs = partitions.map((p) => ({ topic: p.topic, partition: p.partition, leader: leaders.get(tpKey(p.topic, p.partition)) ?? -1 }));
    const found = await listOffsets(c, refs, timestamp);
    return new Map(partitions.flatMap((p) => {
      const o = found.get(tpKey(p.topic, p.partition));
      return o === undefined ? [] : [[`${p.topic}:${p.partition}`, o] as const];
    }));
  });
}

/** Commits the offsets through the admin API. Exported for the test of the broker's own refusal. */
export async function writeOffsets(connector: KafkaConnector, groupId: string, changes: readonly Pick<OffsetChange, 'topic' | 'partition' | 'next'>[]): Promise<void> {
  const byTopic = new Map<string, Array<{ partition: number; offset: bigint }>>();
  for (const c of changes) {
    let list = byTopic.get(c.topic);
    if (!list) byTopic.set(c.topic, (list = []));
    list.push({ partition: c.partition, offset: BigInt(c.next) });
  }
  const topics = [...byTopic].map(([name, partitionOffsets]) => ({ name, partitionOffsets }));
  const what = `reset offsets of group "${groupId}"`;
  try {
    await connector.call(what, (a) => a.alterConsumerGroupOffsets({ groupId, topics }), WRITE_TIMEOUT_MS);
  } catch (e) {
    throw refusal(e, groupId, 'change its offsets', `Kafka connection "${connector.config.id}" (${what})`);
  }
}

/**
 * Dry run (the default) returns current -> new per partition, and the group's active members; applying needs a
 * writable connection and a group without active members, and is then read back: `applied` means Kafka holds them.
 */
export async function resetGroupOffsets(id: string, groupId: string, req: ResetOffsetsRequest): Promise<ResetOffsetsResult> {
  const connector = getConnectorOf(id, 'kafka');
  if (!req.dryRun) assertWritable(connector);
  const group = await liveGroup(connector, groupId);
  const extraTopic = req.scope.type === 'group' ? undefined : req.scope.topic;
  const partitions = await partitionStates(connector, group, extraTopic);
  const selected = selectPartitions(partitions, req.scope);
  if (typeof selected === 'string') throw new BadRequestError(selected);
  const byTimestamp = req.to.type === 'timestamp' ? await offsetsAt(connector, selected, req.to.timestamp) : new Map<string, number>();
  const planned = planReset(selected, req.to, byTimestamp);
  if (req.dryRun) return { groupId, dryRun: true, applied: false, activeMembers: group.members.map(brief), changes: planned };

  if (group.members.length) throw busy(groupId, group, 'resetting offsets');
  const changes = req.expected ? confirmPreview(selected, req.expected) : planned;
  if (typeof changes === 'string') throw new ConflictError(changes);
  // A consumer may have started since the read above: look again just before writing.
  const now = await liveGroup(connector, groupId);
  if (now.members.length) throw busy(groupId, now, 'resetting offsets');
  await writeOffsets(connector, groupId, changes);

  const after = await liveGroup(connector, groupId);
  const held = new Map(after.committed.map((c) => [`${c.topic}:${c.partition}`, c.offset]));
  const lost = changes.find((c) => held.get(`${c.topic}:${c.partition}`) !== c.next);
  if (lost) {
    const at = held.get(`${lost.topic}:${lost.partition}`);
    throw new ConflictError(`Kafka accepted the reset, but ${lost.topic}:${lost.partition} is at ${at ?? 'no commit'} now, not ${lost.next}: a consumer of group "${groupId}" committed since`);
  }
  return { groupId, dryRun: false, applied: true, activeMembers: [], changes };
}

/** Deletes the group (Kafka's DeleteGroups). Exported for the test of the broker's own refusal. */
export async function removeGroup(connector: KafkaConnector, groupId: string): Promise<void> {
  const what = `delete group "${groupId}"`;
  try {
    await connector.call(what, (a) => a.deleteGroups({ groups: [groupId] }));
  } catch (e) {
    throw refusal(e, groupId, 'delete it', `Kafka connection "${connector.config.id}" (${what})`);
  }
}

export async function deleteGroup(id: string, groupId: string): Promise<{ groupId: string; deleted: true }> {
  const connector = getConnectorOf(id, 'kafka');
  assertWritable(connector);
  const group = await liveGroup(connector, groupId);
  if (group.members.length) throw busy(groupId, group, 'deleting it (only an empty group can be deleted)');
  await removeGroup(connector, groupId);
  return { groupId, deleted: true };
}
