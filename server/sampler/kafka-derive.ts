import type { DrainState, GroupDetail, GroupPartition } from '@/lib/contracts/groups';
import { combineStatuses, evaluatePartition, type PartitionObservation } from './lag-status';
import { partitionKey, type KafkaRaw, type RawGroup } from './kafka-types';

export type DerivedGroup = Omit<GroupDetail, 'sampledAt'>;
export type DerivedTopic = { topic: string; produceRate: number | null; messages: number; endOffset: number };
export type KafkaDerived = { ts: number; groups: DerivedGroup[]; topics: DerivedTopic[] };

/** Lag of one partition: end minus committed, floored at 0 (a commit can briefly pass the end we read first). */
export function partitionLag(committed: number | null, end: number): number | null {
  return committed === null ? null : Math.max(0, end - committed);
}

/** The partitions a group is about: every partition of every topic it committed to or is assigned. */
function groupTopics(g: RawGroup): string[] {
  const topics = new Set<string>();
  for (const c of g.committed) topics.add(c.topic);
  for (const m of g.members) for (const a of m.assignments) topics.add(a.topic);
  return [...topics].sort();
}

function committedMap(g: RawGroup | undefined): Map<string, number | null> {
  const map = new Map<string, number | null>();
  for (const c of g?.committed ?? []) map.set(partitionKey(c.topic, c.partition), c.offset);
  return map;
}

function sumLag(raw: KafkaRaw, g: RawGroup | undefined): number | null {
  if (!g) return null;
  const committed = committedMap(g);
  let total: number | null = null;
  for (const topic of groupTopics(g)) {
    for (const p of raw.topics.get(topic) ?? []) {
      const lag = partitionLag(committed.get(partitionKey(topic, p.partition)) ?? null, p.high);
      if (lag !== null) total = (total ?? 0) + lag;
    }
  }
  return total;
}

/**
 * Time to drain from the first and last total lag of the window: lag divided by the rate at which it fell.
 * A lag that holds or rises is "not draining" (no estimate), zero lag is "drained".
 */
export function timeToDrain(first: { ts: number; lag: number | null } | undefined, last: { ts: number; lag: number | null }): { drain: DrainState; ms: number | null } {
  if (last.lag === null) return { drain: 'unknown', ms: null };
  if (last.lag === 0) return { drain: 'drained', ms: 0 };
  if (!first || first.lag === null || last.ts <= first.ts) return { drain: 'unknown', ms: null };
  const fallPerMs = (first.lag - last.lag) / (last.ts - first.ts);
  if (fallPerMs <= 0) return { drain: 'not-draining', ms: null };
  return { drain: 'draining', ms: Math.round(last.lag / fallPerMs) };
}

/**
 * Everything derived from a window of raw ticks (oldest first; the last one is now): lag per partition and
 * group, lag status, consume and produce rates (from the previous tick) and time to drain (over the window).
 * `lastCommitAt` is updated in place with the time each committed offset was last seen to move.
 */
export function deriveKafka(window: readonly KafkaRaw[], lastCommitAt: Map<string, number>): KafkaDerived {
  const now = window[window.length - 1];
  const prev = window.length > 1 ? window[window.length - 2] : undefined;
  const dtSec = prev ? (now.ts - prev.ts) / 1000 : 0;
  const byId = window.map((raw) => new Map(raw.groups.map((g) => [g.groupId, g])));

  const groups = now.groups.map((g): DerivedGroup => {
    const committedNow = committedMap(g);
    const committedPrev = prev ? committedMap(byId[byId.length - 2].get(g.groupId)) : null;
    const windowCommitted = byId.map((m) => committedMap(m.get(g.groupId)));
    const topics = groupTopics(g);
    // Whether anyone is consuming tells a crashed group (STOP) from a hung one (STALL); see lag-status.ts.
    const presence = { state: g.state, members: g.members.length };
    const partitions: GroupPartition[] = [];
    let consumed = 0;
    let consumeKnown = false;
    for (const topic of topics) {
      for (const p of now.topics.get(topic) ?? []) {
        const key = partitionKey(topic, p.partition);
        const committed = committedNow.get(key) ?? null;
        const before = committedPrev?.get(key) ?? null;
        const commitKey = `${g.groupId}\u0000${key}`;
        if (committed !== null && before !== null) {
          consumeKnown = true;
          consumed += Math.max(0, committed - before);
          if (committed !== before) lastCommitAt.set(commitKey, now.ts);
        }
        const observations: PartitionObservation[] = window.map((raw, i) => ({
          ts: raw.ts,
          committed: windowCommitted[i].get(key) ?? null,
          end: raw.topics.get(topic)?.find((x) => x.partition === p.partition)?.high ?? p.high,
        }));
        const seenAt = lastCommitAt.get(commitKey);
        partitions.push({
          topic,
          partition: p.partition,
          committed,
          start: p.low,
          end: p.high,
          lag: partitionLag(committed, p.high),
          lastCommitAt: seenAt === undefined ? null : new Date(seenAt).toISOString(),
          lagStatus: evaluatePartition(observations, presence),
        });
      }
    }
    const known = partitions.filter((p) => p.lag !== null);
    const totalLag = known.length ? known.reduce((n, p) => n + (p.lag ?? 0), 0) : null;
    const drain = timeToDrain({ ts: window[0].ts, lag: sumLag(window[0], byId[0].get(g.groupId)) }, { ts: now.ts, lag: totalLag });
    return {
      groupId: g.groupId,
      type: g.type ?? 'classic',
      state: g.state,
      protocolType: g.protocolType,
      assignor: g.protocol || null,
      groupEpoch: g.groupEpoch ?? null,
      assignmentEpoch: g.assignmentEpoch ?? null,
      members: g.members.length,
      topics,
      totalLag,
      partitionsWithoutCommit: partitions.length - known.length,
      lagStatus: combineStatuses(partitions.map((p) => p.lagStatus)),
      consumeRate: prev && consumeKnown && dtSec > 0 ? consumed / dtSec : null,
      drain: drain.drain,
      timeToDrainMs: drain.ms,
      memberList: g.members.map((m) => ({
        memberId: m.memberId,
        instanceId: m.instanceId ?? null,
        clientId: m.clientId,
        clientHost: m.clientHost,
        memberEpoch: m.memberEpoch ?? null,
        assignments: m.assignments,
      })),
      partitions,
    };
  });

  const topics = [...now.topics].map(([topic, parts]): DerivedTopic => {
    const endOffset = parts.reduce((n, p) => n + p.high, 0);
    const before = prev?.topics.get(topic);
    let produceRate: number | null = null;
    if (before && dtSec > 0) {
      let produced = 0;
      for (const p of parts) {
        const b = before.find((x) => x.partition === p.partition);
        if (b) produced += Math.max(0, p.high - b.high);
      }
      produceRate = produced / dtSec;
    }
    return { topic, produceRate, messages: parts.reduce((n, p) => n + Math.max(0, p.high - p.low), 0), endOffset };
  });
  return { ts: now.ts, groups, topics };
}
