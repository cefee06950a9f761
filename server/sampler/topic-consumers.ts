import 'server-only';
import type { TopicConsumerGroup, TopicRow } from '@/lib/contracts/kafka';
import type { GroupPartition } from '@/lib/contracts/groups';
import type { DerivedGroup, KafkaDerived } from './kafka-derive';
import { combineStatuses } from './lag-status';

/** The consumer-group figures of one topic row. */
export type TopicConsumers = Pick<TopicRow, 'groups' | 'lag' | 'consumerGroups'>;

/** The sampler has not read the topic (no tick yet, an internal topic, or one created since): unknown, not 0. */
export const UNKNOWN_CONSUMERS: TopicConsumers = Object.freeze({ groups: null, lag: null, consumerGroups: null });
const NO_CONSUMERS: TopicConsumers = Object.freeze({ groups: 0, lag: null, consumerGroups: [] });

/** One sampler tick, indexed by topic. */
export type TopicConsumerIndex = {
  ts: number;
  /** Topics the tick read offsets of; any other topic's groups are unknown. */
  topics: ReadonlySet<string>;
  groups: ReadonlyMap<string, TopicConsumerGroup[]>;
  rows: ReadonlyMap<string, TopicConsumers>;
};

function sumKnown(values: ReadonlyArray<number | null>): number | null {
  let total: number | null = null;
  for (const v of values) if (v !== null) total = (total ?? 0) + v;
  return total;
}

function toTopicGroup(g: DerivedGroup, topic: string, partitions: GroupPartition[]): TopicConsumerGroup {
  let lag: number | null = null;
  let committed = 0;
  for (const p of partitions) {
    if (p.lag === null) continue;
    committed++;
    lag = (lag ?? 0) + p.lag;
  }
  const assigned: number[] = [];
  for (const m of g.memberList) for (const a of m.assignments) if (a.topic === topic) assigned.push(...a.partitions);
  return {
    groupId: g.groupId,
    state: g.state,
    members: g.members,
    lag,
    partitions: committed,
    partitionsWithoutCommit: partitions.length - committed,
    // A partition is assigned to one member of a generation; the sort is for display only.
    assignedPartitions: assigned.sort((a, b) => a - b),
    lagStatus: combineStatuses(partitions.map((p) => p.lagStatus)),
    partitionList: partitions,
  };
}

/**
 * Per topic, the groups reading it (the sampler lists a partition for every topic a group committed to or is
 * assigned), with their lag on that topic only. Groups are sorted by id.
 */
export function indexTopicConsumers(d: Pick<KafkaDerived, 'ts' | 'groups' | 'topics'>): TopicConsumerIndex {
  const groups = new Map<string, TopicConsumerGroup[]>();
  for (const g of d.groups) {
    const byTopic = new Map<string, GroupPartition[]>();
    for (const p of g.partitions) {
      let list = byTopic.get(p.topic);
      if (!list) byTopic.set(p.topic, (list = []));
      list.push(p);
    }
    for (const [topic, partitions] of byTopic) {
      let list = groups.get(topic);
      if (!list) groups.set(topic, (list = []));
      list.push(toTopicGroup(g, topic, partitions));
    }
  }
  const rows = new Map<string, TopicConsumers>();
  for (const [topic, list] of groups) {
    list.sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
    rows.set(topic, { groups: list.length, lag: sumKnown(list.map((g) => g.lag)), consumerGroups: list.map((g) => ({ groupId: g.groupId, lag: g.lag })) });
  }
  return { ts: d.ts, topics: new Set(d.topics.map((t) => t.topic)), groups, rows };
}

const indexes = new WeakMap<KafkaDerived, TopicConsumerIndex>();

/** Built once per sampler tick, whatever the number of list requests that read it. */
export function topicConsumerIndex(d: KafkaDerived): TopicConsumerIndex {
  let index = indexes.get(d);
  if (!index) indexes.set(d, (index = indexTopicConsumers(d)));
  return index;
}

export function consumersOf(index: TopicConsumerIndex | null, topic: string): TopicConsumers {
  if (!index || !index.topics.has(topic)) return UNKNOWN_CONSUMERS;
  return index.rows.get(topic) ?? NO_CONSUMERS;
}

/** The groups of one topic; null when the tick did not read the topic (unknown, not "no groups"). */
export function groupsOf(index: TopicConsumerIndex, topic: string): TopicConsumerGroup[] | null {
  if (!index.topics.has(topic)) return null;
  return index.groups.get(topic) ?? [];
}
