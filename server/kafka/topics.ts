import 'server-only';
import type { CreateTopicInput, TopicDetail, TopicList } from '@/lib/contracts/kafka';
import { createTopicSchema } from '@/lib/contracts/kafka';
import { getConnectorOf } from '../connections/registry';
import { ConflictError, NotFoundError } from '../http/errors';
import { assertWritable, toApiError } from './admin-errors';
import { EARLIEST, LATEST, listOffsets, tpKey } from './offsets';
import { clusterMetadata, withCluster } from './raw-cluster';
import { getSnapshot, refreshAfterChange, type PartitionState } from './snapshot';
import { searchTopics, type TopicSearch } from './topic-search';

/** Creating or deleting a topic can take the controller a while on a busy cluster. */
const TOPIC_ADMIN_TIMEOUT_MS = 15_000;
const UNKNOWN_TOPIC = 3;

export async function listTopics(id: string, search: TopicSearch): Promise<TopicList> {
  const { snapshot, staleReason } = await getSnapshot(id);
  const rows = [...snapshot.topics.values()].map((t) => t.row);
  const { topics, total } = searchTopics(rows, search);
  return { topics, total, snapshotAt: new Date(snapshot.takenAt).toISOString(), staleReason };
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
        offlineReplicas: p.offlineReplicas ?? [],
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
    internal: fresh.t.isInternal ?? topic.startsWith('__'),
    partitions: partitionList.length,
    replicationFactor: partitionList.reduce((m, p) => Math.max(m, p.replicas.length), 0),
    messages: known ? partitionList.reduce((n, p) => n + (p.messages ?? 0), 0) : null,
    sizeBytes: sized ? partitionList.reduce((n, p) => n + (p.sizeBytes ?? 0), 0) : null,
    underReplicated: partitionList.filter((p) => p.isr.length < p.replicas.length).length,
    offline: partitionList.filter((p) => p.leader === null).length,
    partitionList,
    snapshotAt: new Date().toISOString(),
  };
}

export async function createTopic(id: string, input: CreateTopicInput): Promise<void> {
  const connector = getConnectorOf(id, 'kafka');
  assertWritable(connector);
  const { name, partitions, replicationFactor, configs } = createTopicSchema.parse(input);
  const created = await connector
    .call(
      'create topic',
      (a) =>
        a.createTopics({
          topics: [{ topic: name, numPartitions: partitions, replicationFactor, configEntries: Object.entries(configs).map(([k, v]) => ({ name: k, value: v })) }],
          waitForLeaders: true,
          timeout: TOPIC_ADMIN_TIMEOUT_MS - 1000,
        }),
      TOPIC_ADMIN_TIMEOUT_MS,
    )
    .catch((e: unknown) => {
      throw toApiError(e, `Could not create topic "${name}"`);
    });
  if (!created) throw new ConflictError(`Topic "${name}" already exists`);
  await refreshAfterChange(id);
}

export async function deleteTopic(id: string, topic: string): Promise<void> {
  const connector = getConnectorOf(id, 'kafka');
  assertWritable(connector);
  await connector
    .call('delete topic', (a) => a.deleteTopics({ topics: [topic], timeout: TOPIC_ADMIN_TIMEOUT_MS - 1000 }), TOPIC_ADMIN_TIMEOUT_MS)
    .catch((e: unknown) => {
      throw toApiError(e, `Could not delete topic "${topic}"`);
    });
  await refreshAfterChange(id);
}

/** Raises the topic's partition count to `total`; Kafka refuses to lower it, and says so. */
export async function addPartitions(id: string, topic: string, total: number): Promise<void> {
  const connector = getConnectorOf(id, 'kafka');
  assertWritable(connector);
  await connector
    .call('add partitions', (a) => a.createPartitions({ topicPartitions: [{ topic, count: total }], timeout: TOPIC_ADMIN_TIMEOUT_MS - 1000 }), TOPIC_ADMIN_TIMEOUT_MS)
    .catch((e: unknown) => {
      throw toApiError(e, `Could not change the partitions of "${topic}"`);
    });
  await refreshAfterChange(id);
}
