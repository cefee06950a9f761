import 'server-only';
import type { GroupDetail, GroupList, GroupSummary } from '@/lib/contracts/groups';
import type { TopicConsumerGroups } from '@/lib/contracts/kafka';
import { describeBrokerError } from '../connections/broker-error';
import { getConnectorOf } from '../connections/registry';
import { NotFoundError, UnreachableError } from '../http/errors';
import { logger } from '../logger';
import type { DerivedGroup, KafkaDerived } from './kafka-derive';
import { getSampler, runningSamplers } from './registry';
import type { Sampler } from './sampler';
import type { TopicLag } from '../kafka/topics';
import { consumersOf, groupsOf, topicConsumerIndex, type TopicConsumerIndex } from './topic-consumers';

/*
 * Consumer groups as the pages and the API show them: from the shared sampler's latest tick, so any number of viewers
 * cost the broker nothing more. Offsets resets and deletes read the broker live (server/kafka/groups-offsets.ts).
 */

/** One failed tick (a topic deleted mid-read, a slow broker) does not blank the pages: the last good sample is served
 * until it is older than this many intervals. */
const STALE_AFTER_TICKS = 3;

function usable(sampler: Sampler): KafkaDerived | null {
  if (!sampler.kafka) return null;
  const stale = Date.now() - sampler.kafka.ts > STALE_AFTER_TICKS * sampler.intervalMs;
  return sampler.lastTick?.error && stale ? null : sampler.kafka;
}

/** The latest usable Kafka sample of the connection, waiting for the sampler's first tick. */
async function sampled(id: string): Promise<KafkaDerived> {
  getConnectorOf(id, 'kafka');
  const sampler = await getSampler(id);
  const kafka = usable(sampler);
  if (!kafka) {
    const reason = sampler.lastTick?.error;
    throw new UnreachableError(reason ? `Kafka connection "${id}" could not be sampled: ${reason}` : `Kafka connection "${id}" has not been sampled yet`);
  }
  return kafka;
}

function toSummary(g: DerivedGroup): GroupSummary {
  const { memberList: _m, partitions: _p, ...summary } = g;
  return summary;
}

export async function listGroups(id: string): Promise<GroupList> {
  const kafka = await sampled(id);
  return { sampledAt: new Date(kafka.ts).toISOString(), groups: kafka.groups.map(toSummary) };
}

export async function getGroup(id: string, groupId: string): Promise<GroupDetail> {
  const kafka = await sampled(id);
  const group = kafka.groups.find((g) => g.groupId === groupId);
  if (!group) throw new NotFoundError(`No consumer group "${groupId}" on "${id}"`);
  return { ...group, sampledAt: new Date(kafka.ts).toISOString() };
}

/**
 * After a change (reset, delete), a fresh sample so pages show it without waiting for the next tick. The change is
 * done whatever this tick does: a failed tick is logged, not thrown.
 */
export async function resample(id: string): Promise<void> {
  try {
    const sampler = await getSampler(id);
    await sampler.tick();
  } catch (e) {
    logger.debug({ connection: id, reason: describeBrokerError(e) }, 'resample after a change failed');
  }
}

/**
 * Groups and lag per topic from the latest tick, for the topic list and topic page (the sampler already reads every
 * group's commits: no broker call of its own). Starts the connection's sampler but never waits for it: null
 * (unknown) until it has ticked.
 */
export function sampledTopicConsumers(id: string): TopicConsumerIndex | null {
  getSampler(id).catch((e: unknown) => logger.debug({ connection: id, reason: describeBrokerError(e) }, 'lag sampler did not start'));
  const sampler = runningSamplers().find((s) => s.id === id);
  const kafka = sampler ? usable(sampler) : null;
  return kafka ? topicConsumerIndex(kafka) : null;
}

/** The sampled groups and lag per topic in the shape the topic list and page take (server/kafka/topics.ts). */
export function sampledTopicLag(id: string): TopicLag | null {
  const index = sampledTopicConsumers(id);
  return index ? { ts: index.ts, of: (topic) => consumersOf(index, topic) } : null;
}

/** The consumer groups of one topic with their lag on it; waits for the sampler's first tick, like the group pages. */
export async function getTopicConsumerGroups(id: string, topic: string): Promise<TopicConsumerGroups> {
  const index = topicConsumerIndex(await sampled(id));
  return { topic, sampledAt: new Date(index.ts).toISOString(), groups: groupsOf(index, topic) };
}
