import 'server-only';
import { clusterMetadata, EARLIEST, LATEST, listOffsets, tpKey } from '../kafka/cluster';
import type { KafkaConnector } from '../kafka/connector';
import { listConsumerGroups, readGroups, type GroupReading } from '../kafka/groups';
import type { KafkaRaw, PartitionOffsets, RawGroup } from './kafka-types';

/**
 * Reads one Kafka tick through the connection's connector: metadata, then at once the start and end offsets of every
 * partition (one ListOffsets per leader and 2,000 partitions, whatever the number of topics) and every classic and
 * KIP-848 group with its members and commits (ListGroups per broker, then per coordinator one request per kind and
 * 200 groups). The sampler counts the requests (countRequests); viewers never add any.
 */
export async function collectKafka(connector: KafkaConnector): Promise<KafkaRaw> {
  const metadata = await connector.run('topic metadata', (c) => clusterMetadata(c));
  // Internal topics (__consumer_offsets, ...) would only add noise and requests.
  const listedTopics = metadata.topicMetadata.filter((t) => t.topicErrorCode === 0 && !t.topic.startsWith('__'));
  const refs = listedTopics.flatMap((t) => t.partitionMetadata.map((p) => ({ topic: t.topic, partition: p.partitionId, leader: p.leader })));
  const brokers = metadata.brokers.map((b) => b.nodeId);
  const ts = Date.now();
  const [[starts, ends], readings] = await Promise.all([
    connector.run('partition offsets', (c) => Promise.all([listOffsets(c, refs, EARLIEST), listOffsets(c, refs, LATEST)])),
    connector.run('consumer groups', async (c) => readGroups(c, await listConsumerGroups(c, brokers))),
  ]);
  const topics = new Map<string, PartitionOffsets[]>();
  for (const t of listedTopics) {
    const parts: PartitionOffsets[] = [];
    for (const p of t.partitionMetadata) {
      const low = starts.get(tpKey(t.topic, p.partitionId));
      const high = ends.get(tpKey(t.topic, p.partitionId));
      if (low !== undefined && high !== undefined) parts.push({ partition: p.partitionId, low, high });
    }
    // A partition without a leader (or deleted since the metadata read) has no offsets: the topic is left out of
    // this tick, unknown rather than counted short.
    if (parts.length === t.partitionMetadata.length && parts.length > 0) topics.set(t.topic, parts.sort((x, y) => x.partition - y.partition));
  }
  return { ts, topics, groups: readings.map(toRawGroup) };
}

export function toRawGroup(g: GroupReading): RawGroup {
  return {
    groupId: g.groupId,
    type: g.type,
    state: g.state,
    protocolType: g.protocolType,
    protocol: g.assignor ?? '',
    groupEpoch: g.groupEpoch,
    assignmentEpoch: g.assignmentEpoch,
    members: g.members,
    committed: g.committed,
  };
}
