import 'server-only';
import type { GroupOffsets, ResetOffsetsRequest, ResetOffsetsResult } from '@/lib/contracts/groups';
import { getConnectorOf } from '../connections/registry';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../http/errors';
import type { KafkaConnector } from './connector';
import { resample } from './groups';
import { groupsAdmin } from './groups-admin';
import { isUnknownTopic } from './groups-errors';
import { confirmPreview, planReset, selectPartitions, type PartitionState } from './offsets-plan';

const SET_OFFSETS_TIMEOUT_MS = 30_000;

/** Kafka answers DescribeGroups for any id; "Dead" with no commits means the group does not exist. */
async function describe(connector: KafkaConnector, groupId: string) {
  const { groups } = await groupsAdmin(connector).call('describe group', (a) => a.describeGroups([groupId]));
  const g = groups[0];
  return { state: g?.state ?? 'Unknown', members: g?.members.length ?? 0 };
}

async function topicOffsets(connector: KafkaConnector, topic: string) {
  try {
    return await groupsAdmin(connector).call(`offsets of ${topic}`, (a) => a.fetchTopicOffsets(topic));
  } catch (e) {
    if (isUnknownTopic(e)) return null;
    throw e;
  }
}

/** Committed, start and end offsets of every partition of the group's topics (plus `extraTopic`), read live. */
async function readState(connector: KafkaConnector, groupId: string, extraTopic?: string) {
  const [info, committed] = await Promise.all([describe(connector, groupId), groupsAdmin(connector).call('group offsets', (a) => a.fetchOffsets({ groupId }))]);
  const byKey = new Map<string, number | null>();
  for (const t of committed) for (const p of t.partitions) byKey.set(`${t.topic}:${p.partition}`, Number(p.offset) < 0 ? null : Number(p.offset));
  const topics = [...new Set([...committed.map((t) => t.topic), ...(extraTopic ? [extraTopic] : [])])].sort();
  const partitions: PartitionState[] = [];
  for (const topic of topics) {
    const offsets = await topicOffsets(connector, topic);
    for (const o of (offsets ?? []).sort((a, b) => a.partition - b.partition)) {
      partitions.push({ topic, partition: o.partition, committed: byKey.get(`${topic}:${o.partition}`) ?? null, start: Number(o.low), end: Number(o.high) });
    }
  }
  const exists = info.state !== 'Dead' || committed.length > 0;
  return { ...info, partitions, exists };
}

export async function getGroupOffsets(id: string, groupId: string): Promise<GroupOffsets> {
  const connector = getConnectorOf(id, 'kafka');
  const s = await readState(connector, groupId);
  if (!s.exists) throw new NotFoundError(`No consumer group "${groupId}" on "${id}"`);
  return {
    groupId,
    state: s.state,
    partitions: s.partitions.map((p) => ({ ...p, lag: p.committed === null ? null : Math.max(0, p.end - p.committed) })),
  };
}

/**
 * Dry run (the default) returns current -> new per partition; applying needs a writable connection and a group
 * without active members, because Kafka overwrites offsets that a live member commits anyway.
 */
export async function resetGroupOffsets(id: string, groupId: string, req: ResetOffsetsRequest): Promise<ResetOffsetsResult> {
  const connector = getConnectorOf(id, 'kafka');
  if (!req.dryRun && connector.config.readOnly) throw new ForbiddenError(`Connection "${id}" is read-only`);
  const extraTopic = req.scope.type === 'group' ? undefined : req.scope.topic;
  const s = await readState(connector, groupId, extraTopic);
  const selected = selectPartitions(s.partitions, req.scope);
  if (typeof selected === 'string') throw new BadRequestError(selected);
  let byTimestamp = new Map<string, number>();
  if (req.to.type === 'timestamp') {
    const at = req.to.timestamp;
    const topics = [...new Set(selected.map((p) => p.topic))];
    const found = await Promise.all(topics.map((t) => groupsAdmin(connector).call(`offsets of ${t} at time`, (a) => a.fetchTopicOffsetsByTimestamp(t, at)).then((r) => ({ t, r }))));
    byTimestamp = new Map(found.flatMap(({ t, r }) => r.map((p) => [`${t}:${p.partition}`, Number(p.offset)] as const)));
  }
  const planned = planReset(selected, req.to, byTimestamp);
  if (req.dryRun) return { groupId, dryRun: true, applied: false, changes: planned };
  if (s.members > 0) {
    throw new ConflictError(`Group "${groupId}" has ${s.members} active member${s.members === 1 ? '' : 's'} (${s.state}); stop its consumers before resetting offsets`);
  }
  const changes = req.expected ? confirmPreview(selected, req.expected) : planned;
  if (typeof changes === 'string') throw new ConflictError(changes);
  for (const topic of [...new Set(changes.map((c) => c.topic))]) {
    const partitions = changes.filter((c) => c.topic === topic).map((c) => ({ partition: c.partition, offset: String(c.next) }));
    // kafkajs commits by briefly joining the group, which waits out the broker's initial rebalance delay (3 s).
    await groupsAdmin(connector).call(`reset offsets of ${topic}`, (a) => a.setOffsets({ groupId, topic, partitions }), SET_OFFSETS_TIMEOUT_MS);
  }
  await resample(id).catch(() => undefined);
  return { groupId, dryRun: false, applied: true, changes };
}

export async function deleteGroup(id: string, groupId: string): Promise<{ groupId: string; deleted: true }> {
  const connector = getConnectorOf(id, 'kafka');
  if (connector.config.readOnly) throw new ForbiddenError(`Connection "${id}" is read-only`);
  const [info, committed] = await Promise.all([describe(connector, groupId), groupsAdmin(connector).call('group offsets', (a) => a.fetchOffsets({ groupId }))]);
  if (info.state === 'Dead' && committed.length === 0) throw new NotFoundError(`No consumer group "${groupId}" on "${id}"`);
  if (info.members > 0) throw new ConflictError(`Group "${groupId}" has ${info.members} active member(s); only an empty group can be deleted`);
  await groupsAdmin(connector).call('delete group', (a) => a.deleteGroups([groupId]));
  await resample(id).catch(() => undefined);
  return { groupId, deleted: true };
}
