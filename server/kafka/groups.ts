import 'server-only';
import {
  consumerGroupDescribeV0,
  decodeConsumerProtocolAssignment,
  describeGroupsV3,
  describeGroupsV4,
  describeGroupsV5,
  listGroupsV4,
  listGroupsV5,
  offsetFetchV8,
  offsetFetchV9,
} from '@platformatic/kafka';
import { chunk, mapLimit } from '../util/concurrency';
import { apiErrorFor, errorForCode } from './admin-errors';
import { despiteErrors } from './cluster';
import type { KafkaConnector } from './connector';
import { findCoordinators, GROUP_COORDINATOR } from './coordinators';

/*
 * Consumer groups as the brokers describe them, in few requests: ListGroups on every broker (which names the groups
 * that broker coordinates, so no FindCoordinator is needed for them), then per coordinator and 200 groups one
 * DescribeGroups for the classic ones, one ConsumerGroupDescribe for the KIP-848 ones and one OffsetFetch for all.
 * DescribeGroups knows only classic groups: it calls a KIP-848 group "Dead" with no members, which is why the type
 * decides the request. Share and streams groups are not consumer groups and are not read here.
 */

/** classic: the JoinGroup/SyncGroup protocol; consumer: KIP-848, assignment computed by the broker. */
export type GroupType = 'classic' | 'consumer';
/** A group to read. type null: not known (ListGroups before v5, or a group named by a user); coordinator null: find it. */
export type GroupRef = { groupId: string; type: GroupType | null; coordinator: number | null };

export type GroupMemberState = {
  memberId: string;
  /** group.instance.id of a static member. */
  instanceId: string | null;
  clientId: string;
  clientHost: string;
  /** KIP-848 members only: the epoch of the assignment the member has. */
  memberEpoch: number | null;
  assignments: Array<{ topic: string; partitions: number[] }>;
};

export type GroupState = {
  groupId: string;
  type: GroupType;
  /** The broker's word: Stable, Empty, PreparingRebalance, CompletingRebalance (classic), Assigning, Reconciling (consumer), ... */
  state: string;
  protocolType: string;
  /** Classic: the client-side assignor the members agreed on; consumer: the broker-side assignor (uniform, range). */
  assignor: string | null;
  /** KIP-848 groups only. */
  groupEpoch: number | null;
  assignmentEpoch: number | null;
  members: GroupMemberState[];
};

/** offset null: no commit for that partition. */
export type CommittedOffset = { topic: string; partition: number; offset: number | null };
export type GroupReading = GroupState & { committed: CommittedOffset[] };

/** Groups per DescribeGroups, ConsumerGroupDescribe and OffsetFetch request. */
const BATCH = 200;
const CONSUMER_GROUP_TYPES = ['classic', 'consumer'];
const CONSUMER_GROUP_DESCRIBE_KEY = 69;
/** COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR: the group moved or its coordinator is starting. */
const MOVED = new Set([14, 15, 16]);
const GROUP_ID_NOT_FOUND = 69;

const LIST_GROUPS = [listGroupsV5.api, listGroupsV4.api];
const DESCRIBE_GROUPS = [describeGroupsV5.api, describeGroupsV4.api, describeGroupsV3.api];
const OFFSET_FETCH = [offsetFetchV9.api, offsetFetchV8.api];

const subject = (connector: KafkaConnector, what: string) => `Kafka connection "${connector.config.id}" (${what})`;

/** Every classic and KIP-848 group of the cluster, each with the broker that coordinates it. */
export async function listConsumerGroups(connector: KafkaConnector, brokers: readonly number[]): Promise<GroupRef[]> {
  const lists = await Promise.all(
    brokers.map(async (node) => {
      // The types filter (v5) keeps share and streams groups out; a broker without v5 has neither.
      const answer = await despiteErrors(connector.send(node, LIST_GROUPS, [], CONSUMER_GROUP_TYPES));
      if (answer.errorCode) throw errorForCode(answer.errorCode, null, subject(connector, `list groups on broker ${node}`));
      const refs: GroupRef[] = [];
      for (const g of answer.groups) {
        const type = g.groupType ? g.groupType.toLowerCase() : null;
        if (type === null || type === 'classic' || type === 'consumer') refs.push({ groupId: g.groupId, type, coordinator: node });
      }
      return refs;
    }),
  );
  // A group moving between coordinators can be listed twice for a moment.
  const seen = new Map<string, GroupRef>();
  for (const ref of lists.flat()) if (!seen.has(ref.groupId)) seen.set(ref.groupId, ref);
  return [...seen.values()].sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
}

/** The coordinator of each group, from any broker; a group the broker cannot place now fails with its verdict. */
async function groupCoordinators(connector: KafkaConnector, groupIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const [groupId, c] of await findCoordinators(connector, GROUP_COORDINATOR, [...groupIds])) {
    if (c.nodeId === null) throw apiErrorFor(c.verdict, subject(connector, `coordinator of group "${groupId}"`));
    out.set(groupId, c.nodeId);
  }
  return out;
}

function classicMembers(protocolType: string, members: Awaited<ReturnType<typeof describeGroupsV5.api.async>>['groups'][number]['members']): GroupMemberState[] {
  return members.map((m) => {
    let assignments: GroupMemberState['assignments'] = [];
    // Other protocols (Connect, a custom one) carry assignments in their own format.
    if (protocolType === 'consumer' && m.memberAssignment.length) {
      try {
        assignments = decodeConsumerProtocolAssignment(m.memberAssignment).assignedPartitions.map((a) => ({ topic: a.topic, partitions: [...a.partitions].sort((x, y) => x - y) }));
      } catch {
        // A client with a custom assignment format: the member is shown without partitions rather than failing the read.
        assignments = [];
      }
    }
    return { memberId: m.memberId, instanceId: m.groupInstanceId ?? null, clientId: m.clientId, clientHost: m.clientHost.replace(/^\//, ''), memberEpoch: null, assignments };
  });
}

type ClassicAnswer = Awaited<ReturnType<typeof describeGroupsV5.api.async>>['groups'][number];
type ConsumerAnswer = Awaited<ReturnType<typeof consumerGroupDescribeV0.api.async>>['groups'][number];
type OffsetsAnswer = Awaited<ReturnType<typeof offsetFetchV9.api.async>>['groups'][number];

function fromClassic(d: ClassicAnswer): GroupState {
  return {
    groupId: d.groupId,
    type: 'classic',
    state: d.groupState,
    protocolType: d.protocolType,
    assignor: d.protocolData || null,
    groupEpoch: null,
    assignmentEpoch: null,
    members: classicMembers(d.protocolType, d.members),
  };
}

function fromConsumer(c: ConsumerAnswer): GroupState {
  return {
    groupId: c.groupId,
    type: 'consumer',
    state: c.groupState,
    protocolType: 'consumer',
    assignor: c.assignorName || null,
    groupEpoch: c.groupEpoch,
    assignmentEpoch: c.assignmentEpoch,
    members: c.members.map((m) => ({
      memberId: m.memberId,
      instanceId: m.instanceId ?? null,
      clientId: m.clientId,
      clientHost: m.clientHost.replace(/^\//, ''),
      memberEpoch: m.memberEpoch,
      assignments: m.assignment.topicPartitions
        .map((t) => ({ topic: t.topicName, partitions: [...t.partitions].sort((x, y) => x - y) }))
        .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0)),
    })),
  };
}

function committedOf(o: OffsetsAnswer | undefined): CommittedOffset[] {
  const out: CommittedOffset[] = [];
  for (const t of o?.topics ?? []) {
    for (const p of t.partitions) {
      if (p.errorCode) continue;
      const offset = Number(p.committedOffset);
      out.push({ topic: t.name, partition: p.partitionIndex, offset: offset < 0 ? null : offset });
    }
  }
  return out.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
}

type Pass = { readings: GroupReading[]; moved: Array<{ ref: GroupRef; code: number }> };

/** One batch of groups on their coordinator: the describe their type calls for (both when unknown), and their commits. */
async function readBatch(connector: KafkaConnector, node: number, refs: GroupRef[], consumerDescribe: boolean): Promise<Pass> {
  const classicIds = refs.filter((r) => r.type !== 'consumer').map((r) => r.groupId);
  const consumerIds = consumerDescribe ? refs.filter((r) => r.type !== 'classic').map((r) => r.groupId) : [];
  const [classic, consumer, offsets] = await Promise.all([
    classicIds.length ? despiteErrors(connector.send(node, DESCRIBE_GROUPS, classicIds, false)) : null,
    consumerIds.length ? despiteErrors(connector.send(node, [consumerGroupDescribeV0.api], consumerIds, false)) : null,
    despiteErrors(connector.send(node, OFFSET_FETCH, refs.map((r) => ({ groupId: r.groupId, memberId: null, memberEpoch: -1, topics: null })), false)),
  ]);
  const classicById = new Map(classic?.groups.map((g) => [g.groupId, g]));
  const consumerById = new Map(consumer?.groups.map((g) => [g.groupId, g]));
  const offsetsById = new Map(offsets.groups.map((g) => [g.groupId, g]));
  const pass: Pass = { readings: [], moved: [] };
  for (const ref of refs) {
    const d = classicById.get(ref.groupId);
    const c = consumerById.get(ref.groupId);
    const o = offsetsById.get(ref.groupId);
    const movedCode = [d?.errorCode, c?.errorCode, o?.errorCode].find((code) => code !== undefined && MOVED.has(code));
    if (movedCode !== undefined) {
      pass.moved.push({ ref, code: movedCode });
      continue;
    }
    const what = `group "${ref.groupId}"`;
    if (o?.errorCode && o.errorCode !== GROUP_ID_NOT_FOUND) throw errorForCode(o.errorCode, null, subject(connector, `offsets of ${what}`));
    if (d?.errorCode && d.errorCode !== GROUP_ID_NOT_FOUND) throw errorForCode(d.errorCode, null, subject(connector, `describe ${what}`));
    // A group of unknown type asked both ways: the describe that does not know it answers with an error, ignored.
    if (c?.errorCode && c.errorCode !== GROUP_ID_NOT_FOUND && ref.type === 'consumer') throw errorForCode(c.errorCode, c.errorMessage ?? null, subject(connector, `describe ${what}`));
    const committed = committedOf(o);
    let state: GroupState | null = null;
    if (c && !c.errorCode && c.groupState !== 'Dead') state = fromConsumer(c);
    else if (d && !d.errorCode && d.groupState !== 'Dead') state = fromClassic(d);
    // Neither describe knows it and it holds no commits: deleted since it was listed, or never there.
    if (!state && !committed.length) continue;
    state ??= { groupId: ref.groupId, type: ref.type ?? 'classic', state: 'Empty', protocolType: '', assignor: null, groupEpoch: null, assignmentEpoch: null, members: [] };
    pass.readings.push({ ...state, committed });
  }
  return pass;
}

async function readPass(connector: KafkaConnector, refs: GroupRef[]): Promise<Pass> {
  const unplaced = refs.filter((r) => r.coordinator === null);
  const found = unplaced.length ? await groupCoordinators(connector, unplaced.map((r) => r.groupId)) : new Map<string, number>();
  const byNode = new Map<number, GroupRef[]>();
  for (const r of refs) {
    const node = r.coordinator ?? found.get(r.groupId);
    if (node === undefined) continue;
    let list = byNode.get(node);
    if (!list) byNode.set(node, (list = []));
    list.push(r);
  }
  const passes = await Promise.all(
    [...byNode].map(async ([node, list]) => {
      // A broker without ConsumerGroupDescribe (before KIP-848) has no KIP-848 groups.
      const consumerDescribe = (await connector.maxVersion(node, CONSUMER_GROUP_DESCRIBE_KEY)) !== null;
      return mapLimit(chunk(list, BATCH), 2, (batch) => readBatch(connector, node, batch, consumerDescribe));
    }),
  );
  const flat = passes.flat();
  return { readings: flat.flatMap((p) => p.readings), moved: flat.flatMap((p) => p.moved) };
}

/**
 * State, members and committed offsets of the given groups; groups that do not exist (any more) are left out.
 * A group whose coordinator moved since it was listed is looked up again, once; still moving, the read fails with
 * the broker's word (503: try again).
 */
export async function readGroups(connector: KafkaConnector, refs: readonly GroupRef[]): Promise<GroupReading[]> {
  const first = await readPass(connector, [...refs]);
  let readings = first.readings;
  if (first.moved.length) {
    const again = await readPass(
      connector,
      first.moved.map((m) => ({ ...m.ref, coordinator: null })),
    );
    if (again.moved.length) throw errorForCode(again.moved[0].code, null, subject(connector, `group "${again.moved[0].ref.groupId}"`));
    readings = [...readings, ...again.readings];
  }
  return readings.sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
}

/** One group read live, whatever its type; null when no such classic or KIP-848 group exists. */
export async function readGroup(connector: KafkaConnector, groupId: string): Promise<GroupReading | null> {
  const [reading] = await readGroups(connector, [{ groupId, type: null, coordinator: null }]);
  return reading ?? null;
}
