import 'server-only';
import type { CreateTopicInput, TopicDetail, TopicList, TopicRow } from '@/lib/contracts/kafka';
import { createTopicSchema } from '@/lib/contracts/kafka';
import { getConnectorOf } from '../connections/registry';
import { ConflictError, NotFoundError } from '../http/errors';
import { assertWritable, toApiError } from './admin-errors';
import { clusterMetadata, EARLIEST, LATEST, listOffsets, tpKey, withCluster } from './cluster';
import { getSnapshot, refreshAfterChange, type PartitionState } from './snapshot';
import { searchTopics, type TopicSearch } from './topic-search';

/** Creating or deleting a topic can take the controller a while on a busy cluster. */
const TOPIC_ADMIN_TIMEOUT_MS = 15_000;
const UNKNOWN_TOPIC = 3;
/**
 * Consumer groups and lag per topic, as the lag sampler last saw them (its tick already reads every group's commits,
 * so the topic pages cost no broker call for them). Given by the caller: the sampler uses the connectors, never
 * the other way round. Null while nothing was sampled: the columns show "unknown".
 */
export type TopicLag = { ts: number; of(topic: string): Pick<TopicRow, 'groups' | 'lag' | 'consumerGroups'> };
const UNKNOWN_LAG = { groups: null, lag: null, consumerGroups: null };

export async function listTopics(id: string, search: TopicSearch, lag: TopicLag | null): Promise<TopicList> {
  const { snapshot, staleReason } = await getSnapshot(id);
  const rows = [...snapshot.topics.values()].map((t): TopicRow => ({ ...t.row, ...(lag ? lag.of(t.name) : UNKNOWN_LAG) }));
  const { topics, total } = searchTopics(rows, search);
  return { topics, total, snapshotAt: new Date(snapshot.takenAt).toISOString(), staleReason, lagSampledAt: lag ? new Date(lag.ts).toISOString() : null };
}

/** One topic, read fresh (metadata and watermarks); sizes come from the snapshot, as DescribeLogDirs is per broker. */
export async function getTopic(id: string, topic: string, lag: TopicLag | null): Promise<TopicDetail> {
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
    ...(lag ? lag.of(topic) : UNKNOWN_LAG),
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
