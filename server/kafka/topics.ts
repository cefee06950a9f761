import 'server-only';
import type { CreateTopicInput, TopicConsumerGroups, TopicDetail, TopicList, TopicRow } from '@/lib/contracts/kafka';
import { createTopicSchema } from '@/lib/contracts/kafka';
import { describeBrokerError } from '../connections/broker-error';
import { getConnectorOf } from '../connections/registry';
import { ConflictError, NotFoundError, UnreachableError } from '../http/errors';
import { logger } from '../logger';
import { getSampler, runningSamplers } from '../sampler/registry';
import type { Sampler } from '../sampler/sampler';
import { assertWritable, toApiError } from './admin-errors';
import { clusterMetadata, EARLIEST, LATEST, listOffsets, tpKey, withCluster } from './cluster';
import { getSnapshot, refreshAfterChange, type PartitionState } from './snapshot';
import { consumersOf, groupsOf, topicConsumerIndex, type TopicConsumerIndex } from './topic-consumers';
import { searchTopics, type TopicSearch } from './topic-search';

/** Creating or deleting a topic can take the controller a while on a busy cluster. */
const TOPIC_ADMIN_TIMEOUT_MS = 15_000;
const UNKNOWN_TOPIC = 3;
/** As on the group pages: after failed ticks the last good sample is served until it is this many intervals old. */
const STALE_AFTER_TICKS = 3;

function usable(sampler: Sampler): sampler is Sampler & { kafka: NonNullable<Sampler['kafka']> } {
  if (!sampler.kafka) return false;
  return !(sampler.lastTick?.error && Date.now() - sampler.kafka.ts > STALE_AFTER_TICKS * sampler.intervalMs);
}

/**
 * Groups and lag per topic from the lag sampler's latest tick, which already reads every group's commits: no
 * broker call of its own. Starts the connection's sampler but never waits for it; null (unknown) until it ticks.
 */
function sampledConsumers(id: string): TopicConsumerIndex | null {
  getSampler(id).catch((e: unknown) => logger.debug({ connection: id, reason: describeBrokerError(e) }, 'lag sampler did not start'));
  const sampler = runningSamplers().find((s) => s.id === id);
  return sampler && usable(sampler) ? topicConsumerIndex(sampler.kafka) : null;
}

export async function listTopics(id: string, search: TopicSearch): Promise<TopicList> {
  const { snapshot, staleReason } = await getSnapshot(id);
  const index = sampledConsumers(id);
  const rows = [...snapshot.topics.values()].map((t): TopicRow => ({ ...t.row, ...consumersOf(index, t.name) }));
  const { topics, total } = searchTopics(rows, search);
  return { topics, total, snapshotAt: new Date(snapshot.takenAt).toISOString(), staleReason, lagSampledAt: index ? new Date(index.ts).toISOString() : null };
}

/** The consumer groups of one topic with their lag on it; waits for the sampler's first tick, like the group pages. */
export async function getTopicConsumerGroups(id: string, topic: string): Promise<TopicConsumerGroups> {
  getConnectorOf(id, 'kafka');
  const sampler = await getSampler(id);
  if (!usable(sampler)) {
    const reason = sampler.lastTick?.error;
    throw new UnreachableError(reason ? `Kafka connection "${id}" could not be sampled: ${reason}` : `Kafka connection "${id}" has not been sampled yet`);
  }
  const index = topicConsumerIndex(sampler.kafka);
  return { topic, sampledAt: new Date(index.ts).toISOString(), groups: groupsOf(index, topic) };
}

/** One topic, read fresh (metadata and watermarks); sizes come from the snapshot, as DescribeLogDirs is per broker. */
export async function getTopic(id: string, topic: string): Promise<TopicDetail> {
  const connector = getConnectorOf(id, 'kafka');
  const [{ snapshot }, fresh] = await Promise.all([
    getSnapshot(id),
    withCluster(connector, 'topic metadata', async (cluster) => {
      const meta = await clusterMetadata(cluster, [topic]);
      const t = meta.topicMetadata.find((m) => m.topic === topic);
      if (!t || t.topicErrorCode === UNKNOWN_TOPIC) throw new NotFoundError(`Topic "${topic}" does not exist on connection "${id}"`);
      const refs = t.partitionMetadata.map((p) => ({ topic, partition: p.partitionId, leader: p.leader }));
      const [low, high] = await Promise.all([listOffsets(cluster, refs, EARLIEST), listOffsets(cluster, refs, LATEST)]);
      return { t, low, high };
    }),
  ]);
  const cached = snapshot.topics.get(topic);
  const partitionList = fresh.t.partitionMetadata
    .map((p): PartitionState & { messages: number | null } => {
      const k = tpKey(topic, p.partitionId);
      const low = fresh.low.get(k) ?? null;
      const high = fresh.high.get(k) ?? null;
      return {
        partition: p.partitionId,
        leader: p.leader >= 0 ? p.leader : null,
        replicas: p.replicas,
        isr: p.isr,
        offlineReplicas: p.offlineReplicas,
        low,
        high,
        messages: low !== null && high !== null ? high - low : null,
        sizeBytes: cached?.partitions.find((c) => c.partition === p.partitionId)?.sizeBytes ?? null,
      };
    })
    .sort((a, b) => a.partition - b.partition);
  const known = partitionList.every((p) => p.messages !== null);
  const sized = partitionList.length > 0 && partitionList.every((p) => p.sizeBytes !== null);
  return {
    name: topic,
    internal: fresh.t.isInternal,
    partitions: partitionList.length,
    replicationFactor: partitionList.reduce((m, p) => Math.max(m, p.replicas.length), 0),
    messages: known ? partitionList.reduce((n, p) => n + (p.messages ?? 0), 0) : null,
    sizeBytes: sized ? partitionList.reduce((n, p) => n + (p.sizeBytes ?? 0), 0) : null,
    underReplicated: partitionList.filter((p) => p.isr.length < p.replicas.length).length,
    offline: partitionList.filter((p) => p.leader === null).length,
    ...consumersOf(sampledConsumers(id), topic),
    partitionList,
    snapshotAt: new Date().toISOString(),
  };
}

/** Polls metadata until every partition of `topic` has a leader, so the next read of it works (kafkajs's waitForLeaders). */
async function waitForLeaders(id: string, topic: string, deadline: number): Promise<void> {
  const connector = getConnectorOf(id, 'kafka');
  while (Date.now() < deadline) {
    const meta = await clusterMetadata(connector, [topic]);
    const t = meta.topicMetadata.find((m) => m.topic === topic);
    if (t && t.topicErrorCode === 0 && t.partitionMetadata.length > 0 && t.partitionMetadata.every((p) => p.leader >= 0)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function createTopic(id: string, input: CreateTopicInput): Promise<void> {
  const connector = getConnectorOf(id, 'kafka');
  assertWritable(connector);
  const { name, partitions, replicationFactor, configs } = createTopicSchema.parse(input);
  const deadline = Date.now() + TOPIC_ADMIN_TIMEOUT_MS;
  await connector
    .call(
      'create topic',
      (a) => a.createTopics({ topics: [name], partitions, replicas: replicationFactor, configs: Object.entries(configs).map(([k, v]) => ({ name: k, value: v })) }),
      TOPIC_ADMIN_TIMEOUT_MS,
    )
    .catch((e: unknown) => {
      const error = toApiError(e, `Could not create topic "${name}"`);
      if (error instanceof ConflictError) throw new ConflictError(`Topic "${name}" already exists`);
      throw error;
    });
  await connector.run('wait for leaders', () => waitForLeaders(id, name, deadline), Math.max(1000, deadline - Date.now())).catch(() => undefined);
  await refreshAfterChange(id);
}

export async function deleteTopic(id: string, topic: string): Promise<void> {
  const connector = getConnectorOf(id, 'kafka');
  assertWritable(connector);
  await connector.call('delete topic', (a) => a.deleteTopics({ topics: [topic] }), TOPIC_ADMIN_TIMEOUT_MS).catch((e: unknown) => {
    throw toApiError(e, `Could not delete topic "${topic}"`);
  });
  await refreshAfterChange(id);
}

/** Raises the topic's partition count to `total`; Kafka refuses to lower it, and says so. */
export async function addPartitions(id: string, topic: string, total: number): Promise<void> {
  const connector = getConnectorOf(id, 'kafka');
  assertWritable(connector);
  await connector.call('add partitions', (a) => a.createPartitions({ topics: [{ name: topic, count: total }] }), TOPIC_ADMIN_TIMEOUT_MS).catch((e: unknown) => {
    throw toApiError(e, `Could not change the partitions of "${topic}"`);
  });
  await refreshAfterChange(id);
}
