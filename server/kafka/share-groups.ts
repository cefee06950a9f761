import 'server-only';
import { apiVersionsV3 } from '@platformatic/kafka';
import type { ShareGroupDetail, ShareGroupList, ShareGroupMember, ShareGroupPartition, ShareGroupSummary } from '@/lib/contracts/share-groups';
import { getConnectorOf } from '../connections/registry';
import { UnsupportedError } from '../http/errors';
import { chunk } from '../util/concurrency';
import { apiErrorFor, toApiError, verdictForCode, type BrokerVerdict } from './admin-errors';
import { clusterMetadata, LATEST, listOffsets, READ_UNCOMMITTED, tpKey, type OffsetMap, type PartitionRef } from './cluster';
import type { KafkaConnector } from './connector';
import { byCoordinator, findCoordinators, GROUP_COORDINATOR } from './coordinators';
import { SHARE_GROUP_DESCRIBE_KEY, shareGroupDescribeV1, type ShareGroupDescribeGroup } from './protocol/share-group-describe';
import { describeShareGroupOffsetsV0, describeShareGroupOffsetsV1, type ShareOffsetsGroup } from './protocol/share-group-offsets';

/*
 * Share groups (KIP-932) read live from their coordinators: ListGroups (type "share") on every broker, then
 * ShareGroupDescribe and DescribeShareGroupOffsets, batched per coordinator. @platformatic/kafka has neither request;
 * they are Wharf's own definitions in ./protocol, sent in the newest version each coordinator supports.
 */

export const SHARE_GROUPS_UNSUPPORTED = 'share groups need Kafka 4.x with share groups enabled';
const UNSUPPORTED_VERSION = 35;
/** Groups per ShareGroupDescribe / DescribeShareGroupOffsets request. */
const GROUPS_PER_REQUEST = 100;

/**
 * Refuses with 501 when the cluster cannot describe share groups: a broker without ShareGroupDescribe v1 (Kafka 3.x;
 * 4.0 had only the early-access v0), or a 4.x cluster whose share.version feature is not finalized (share groups off).
 */
export async function assertShareGroups(connector: KafkaConnector): Promise<void> {
  const who = `connection "${connector.config.id}"`;
  const max = await connector.maxVersion(null, SHARE_GROUP_DESCRIBE_KEY);
  if (max === null || max < 1) throw new UnsupportedError(`${SHARE_GROUPS_UNSUPPORTED}: the broker of ${who} has no ShareGroupDescribe v1`);
  const versions = await connector.send(null, [apiVersionsV3.api], 'wharf', '1.0.0');
  const known = versions.supportedFeatures?.some((f) => f.name === 'share.version') ?? false;
  const level = versions.finalizedFeatures?.find((f) => f.name === 'share.version')?.maxVersionLevel ?? 0;
  if (known && level < 1) throw new UnsupportedError(`${SHARE_GROUPS_UNSUPPORTED}: share.version is not enabled on ${who} (kafka-features upgrade --feature share.version=1)`);
}

/** A broker answering UNSUPPORTED_VERSION for share groups has them switched off: 501 like a broker without them. */
function refusal(v: BrokerVerdict, subject: string): Error {
  return v.code === UNSUPPORTED_VERSION ? new UnsupportedError(`${SHARE_GROUPS_UNSUPPORTED}: ${subject}: ${v.message}`) : apiErrorFor(v, subject);
}

type Described = { coordinator: number; group: ShareGroupDescribeGroup } | { coordinator: number | null; verdict: BrokerVerdict };

async function describeGroups(connector: KafkaConnector, ids: string[]): Promise<Map<string, Described>> {
  const out = new Map<string, Described>();
  const found = await findCoordinators(connector, GROUP_COORDINATOR, ids);
  for (const [id, c] of found) if (c.nodeId === null) out.set(id, { coordinator: null, verdict: c.verdict });
  const jobs: Promise<void>[] = [];
  for (const [node, keys] of byCoordinator(found)) {
    for (const part of chunk(keys, GROUPS_PER_REQUEST)) {
      jobs.push(
        connector.send(node, [shareGroupDescribeV1], part, false).then((answer) => {
          for (const g of answer.groups) {
            out.set(g.groupId, g.errorCode === 0 ? { coordinator: node, group: g } : { coordinator: node, verdict: verdictForCode(g.errorCode, g.errorMessage) });
          }
        }),
      );
    }
  }
  await Promise.all(jobs);
  return out;
}

/** Offsets of every partition the groups hold state for, from their coordinators (v1 with the broker's lag). */
async function describeOffsets(connector: KafkaConnector, byNode: Map<number, string[]>): Promise<Map<string, ShareOffsetsGroup>> {
  const out = new Map<string, ShareOffsetsGroup>();
  const jobs: Promise<void>[] = [];
  for (const [node, keys] of byNode) {
    for (const part of chunk(keys, GROUPS_PER_REQUEST)) {
      const groups = part.map((groupId) => ({ groupId, topics: null }));
      jobs.push(connector.send(node, [describeShareGroupOffsetsV1, describeShareGroupOffsetsV0], groups).then((a) => a.groups.forEach((g) => out.set(g.groupId, g))));
    }
  }
  await Promise.all(jobs);
  return out;
}

/** High watermarks of these partitions (leaders from a fresh metadata read); a partition without a leader is left out. */
async function endOffsets(connector: KafkaConnector, parts: { topic: string; partition: number }[]): Promise<OffsetMap> {
  if (!parts.length) return new Map();
  const meta = await clusterMetadata(connector, [...new Set(parts.map((p) => p.topic))]);
  const leaders = new Map<string, number>();
  for (const t of meta.topicMetadata) for (const p of t.partitionMetadata) leaders.set(tpKey(t.topic, p.partitionId), p.leader);
  const refs: PartitionRef[] = parts.map((p) => ({ ...p, leader: leaders.get(tpKey(p.topic, p.partition)) ?? -1 }));
  return listOffsets(connector, refs, LATEST, READ_UNCOMMITTED);
}

const known = (n: bigint | number | null | undefined): number | null => (n === null || n === undefined || n < 0 ? null : Number(n));

/** Per-partition positions: the broker's lag when it sends one, else end minus start (see shareLagSourceSchema). */
export function toPartitions(offsets: ShareOffsetsGroup | undefined, ends: OffsetMap): ShareGroupPartition[] {
  const rows: ShareGroupPartition[] = [];
  for (const t of offsets?.topics ?? []) {
    for (const p of t.partitions) {
      const error = p.errorCode === 0 ? null : verdictForCode(p.errorCode, p.errorMessage).message;
      const startOffset = error ? null : known(p.startOffset);
      const endOffset = ends.get(tpKey(t.topicName, p.partitionIndex)) ?? null;
      const brokerLag = error ? null : known(p.lag);
      let lag: number | null = null;
      let lagSource: ShareGroupPartition['lagSource'] = null;
      if (brokerLag !== null) [lag, lagSource] = [brokerLag, 'broker'];
      else if (!error && p.lag === null && startOffset !== null && endOffset !== null) [lag, lagSource] = [Math.max(0, endOffset - startOffset), 'end-minus-start'];
      rows.push({ topic: t.topicName, partition: p.partitionIndex, startOffset, leaderEpoch: error ? null : known(p.leaderEpoch), endOffset, lag, lagSource, error });
    }
  }
  return rows.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

/** Partitions whose lag only end minus start can give: a v0 broker's answer, which needs the end offsets. */
function needingEnds(offsets: Iterable<ShareOffsetsGroup>): { topic: string; partition: number }[] {
  const out: { topic: string; partition: number }[] = [];
  for (const g of offsets) for (const t of g.topics) for (const p of t.partitions) if (p.lag === null && p.errorCode === 0 && p.startOffset >= 0) out.push({ topic: t.topicName, partition: p.partitionIndex });
  return out;
}

function summarize(groupId: string, listedState: string, d: Described | undefined, offsets: ShareOffsetsGroup | undefined, partitions: ShareGroupPartition[]): ShareGroupSummary {
  const group = d && 'group' in d ? d.group : null;
  const topics = new Set<string>(partitions.map((p) => p.topic));
  for (const m of group?.members ?? []) for (const t of m.subscribedTopicNames) topics.add(t);
  const lags = partitions.map((p) => p.lag).filter((l): l is number => l !== null);
  const offsetsError = offsets && offsets.errorCode !== 0 ? verdictForCode(offsets.errorCode, offsets.errorMessage).message : null;
  return {
    groupId,
    state: group?.groupState || listedState || 'Unknown',
    members: group?.members.length ?? 0,
    assignor: group?.assignorName || null,
    topics: [...topics].sort(),
    totalLag: lags.length ? lags.reduce((a, b) => a + b, 0) : null,
    partitionsWithoutLag: partitions.length - lags.length,
    coordinator: d?.coordinator ?? null,
    error: d && 'verdict' in d ? d.verdict.message : offsetsError,
  };
}

export async function listShareGroupsOn(connector: KafkaConnector): Promise<ShareGroupList> {
  const subject = `Share groups of "${connector.config.id}"`;
  try {
    return await connector.run('share groups', async () => {
      await assertShareGroups(connector);
      const listed = await connector.admin.listGroups({ types: ['share'] });
      const ids = [...listed.keys()].sort();
      const described = await describeGroups(connector, ids);
      const byNode = new Map<number, string[]>();
      for (const [id, d] of described) {
        if (!('group' in d)) continue;
        byNode.set(d.coordinator, [...(byNode.get(d.coordinator) ?? []), id]);
      }
      const offsets = await describeOffsets(connector, byNode);
      const ends = await endOffsets(connector, needingEnds(offsets.values()));
      const groups = ids.map((id) => summarize(id, listed.get(id)?.state ?? 'Unknown', described.get(id), offsets.get(id), toPartitions(offsets.get(id), ends)));
      return { readAt: new Date().toISOString(), groups };
    });
  } catch (e) {
    throw toApiError(e, subject);
  }
}

function toMembers(group: ShareGroupDescribeGroup): ShareGroupMember[] {
  return group.members.map((m) => ({
    memberId: m.memberId,
    clientId: m.clientId,
    clientHost: m.clientHost,
    rackId: m.rackId,
    memberEpoch: m.memberEpoch,
    subscribedTopics: [...m.subscribedTopicNames].sort(),
    assignment: m.assignment.map((a) => ({ topic: a.topicName, partitions: [...a.partitions].sort((x, y) => x - y) })).sort((a, b) => a.topic.localeCompare(b.topic)),
  }));
}

export async function getShareGroupOn(connector: KafkaConnector, groupId: string): Promise<ShareGroupDetail> {
  const subject = `Share group "${groupId}" on "${connector.config.id}"`;
  try {
    return await connector.run('share group', async () => {
      await assertShareGroups(connector);
      const d = (await describeGroups(connector, [groupId])).get(groupId);
      if (!d) throw apiErrorFor(verdictForCode(69, null), subject);
      if ('verdict' in d) throw refusal(d.verdict, subject);
      const offsets = (await describeOffsets(connector, new Map([[d.coordinator, [groupId]]]))).get(groupId);
      if (offsets && offsets.errorCode !== 0) throw refusal(verdictForCode(offsets.errorCode, offsets.errorMessage), subject);
      const parts = (offsets?.topics ?? []).flatMap((t) => t.partitions.map((p) => ({ topic: t.topicName, partition: p.partitionIndex })));
      const partitions = toPartitions(offsets, await endOffsets(connector, parts));
      const summary = summarize(groupId, d.group.groupState, d, offsets, partitions);
      return { ...summary, readAt: new Date().toISOString(), groupEpoch: d.group.groupEpoch, assignmentEpoch: d.group.assignmentEpoch, memberList: toMembers(d.group), partitions };
    });
  } catch (e) {
    throw toApiError(e, subject);
  }
}

export const listShareGroups = (id: string) => listShareGroupsOn(getConnectorOf(id, 'kafka'));
export const getShareGroup = (id: string, groupId: string) => getShareGroupOn(getConnectorOf(id, 'kafka'), groupId);
