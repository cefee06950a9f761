import 'server-only';
import { listOffsetsV4, listOffsetsV5, listOffsetsV6, listOffsetsV7, listOffsetsV8, listOffsetsV9, metadataV12, ResponseError } from '@platformatic/kafka';
import { BROKER_CALL_TIMEOUT_MS } from '../http/timeout';
import type { KafkaConnector } from './connector';

/*
 * Cluster-wide reads the Admin's API does not give in the shape a browser needs: Metadata with every per-topic and
 * per-partition error kept (a partition without a leader is exactly when a user needs to see the cluster), and
 * ListOffsets batched per leader for thousands of partitions, with the isolation level chosen. Both are the
 * library's own request definitions, sent on the connection's Admin connections (KafkaConnector.send).
 */

export type RawPartitionMetadata = {
  partitionErrorCode: number;
  partitionId: number;
  leader: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
};
export type RawTopicMetadata = { topicErrorCode: number; topic: string; isInternal: boolean; partitionMetadata: RawPartitionMetadata[] };
export type RawMetadata = {
  brokers: { nodeId: number; host: string; port: number; rack: string | null }[];
  clusterId: string | null;
  controllerId: number;
  topicMetadata: RawTopicMetadata[];
};

/** Isolation levels of Fetch and ListOffsets: uncommitted reads to the high watermark, committed to the last stable offset. */
export const READ_UNCOMMITTED = 0;
export const READ_COMMITTED = 1;

/**
 * The answer inside a ResponseError: the library parses the whole answer before it throws for the error codes in it,
 * so the codes of one topic, partition or key can be read without losing the rest.
 */
export function answerOf<T>(e: unknown): T | null {
  return e instanceof ResponseError && (e as { response?: unknown }).response ? ((e as { response?: unknown }).response as T) : null;
}

/** The request's answer, also when it carries error codes (they stay in it for the caller to read). */
export async function despiteErrors<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (e) {
    const answer = answerOf<T>(e);
    if (answer) return answer;
    throw e;
  }
}

/** Runs fn against the connection's cluster under a timeout (KafkaConnector.run). */
export function withCluster<T>(connector: KafkaConnector, what: string, fn: (c: KafkaConnector) => Promise<T>, timeoutMs = BROKER_CALL_TIMEOUT_MS): Promise<T> {
  return connector.run(what, fn, timeoutMs);
}

type MetadataAnswer = Awaited<ReturnType<typeof metadataV12.api.async>>;

/** Metadata of every topic (or the named ones), from any broker, with error codes kept per topic and partition. */
export async function clusterMetadata(connector: KafkaConnector, topics: string[] = []): Promise<RawMetadata> {
  const answer: MetadataAnswer = await despiteErrors(connector.send(null, [metadataV12.api], topics.length ? topics : null, false, false));
  return {
    brokers: answer.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, rack: b.rack ?? null })),
    clusterId: answer.clusterId ?? null,
    controllerId: answer.controllerId,
    topicMetadata: answer.topics
      .filter((t) => t.name !== null)
      .map((t) => ({
        topicErrorCode: t.errorCode,
        topic: t.name as string,
        isInternal: t.isInternal,
        partitionMetadata: t.partitions.map((p) => ({
          partitionErrorCode: p.errorCode,
          partitionId: p.partitionIndex,
          leader: p.leaderId,
          replicas: p.replicaNodes,
          isr: p.isrNodes,
          offlineReplicas: p.offlineReplicas,
        })),
      })),
  };
}

/** ListOffsets special timestamps. */
export const EARLIEST = -2;
export const LATEST = -1;
/** Partitions per ListOffsets request: big enough to batch 20,000 partitions in a few requests. */
const BATCH = 2000;

export type PartitionRef = { topic: string; partition: number; leader: number };
/** "topic\u0000partition" -> offset; absent when the broker would not say. */
export type OffsetMap = Map<string, number>;
export const tpKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

const LIST_OFFSETS = [listOffsetsV9.api, listOffsetsV8.api, listOffsetsV7.api, listOffsetsV6.api, listOffsetsV5.api, listOffsetsV4.api];
type ListOffsetsAnswer = Awaited<ReturnType<typeof listOffsetsV9.api.async>>;

async function listChunk(connector: KafkaConnector, leader: number, chunk: PartitionRef[], timestamp: number, isolation: number, out: OffsetMap): Promise<void> {
  const byTopic = new Map<string, { partitionIndex: number; currentLeaderEpoch: number; timestamp: bigint }[]>();
  for (const p of chunk) {
    const list = byTopic.get(p.topic) ?? [];
    list.push({ partitionIndex: p.partition, currentLeaderEpoch: -1, timestamp: BigInt(timestamp) });
    byTopic.set(p.topic, list);
  }
  const topics = [...byTopic].map(([name, partitions]) => ({ name, partitions }));
  // One partition's error (moved leader, deleted topic) fails the answer; the others' offsets are still in it.
  const answer: ListOffsetsAnswer = await despiteErrors(connector.send(leader, LIST_OFFSETS, -1, isolation, topics));
  for (const t of answer.topics) {
    for (const p of t.partitions) {
      const offset = Number(p.offset);
      if (p.errorCode === 0 && offset >= 0) out.set(tpKey(t.name, p.partitionIndex), offset);
    }
  }
}

/**
 * Offsets of many partitions at `timestamp` (EARLIEST, LATEST or epoch ms), one request per leader and 2,000
 * partitions. With READ_COMMITTED, LATEST is the last stable offset: the end a read-committed consumer sees, before
 * any open transaction. A partition the broker would not answer for is left out (unknown), never guessed.
 */
export async function listOffsets(connector: KafkaConnector, partitions: PartitionRef[], timestamp: number, isolation = READ_UNCOMMITTED): Promise<OffsetMap> {
  const out: OffsetMap = new Map();
  const byLeader = new Map<number, PartitionRef[]>();
  for (const p of partitions) {
    if (p.leader < 0) continue;
    const list = byLeader.get(p.leader) ?? [];
    list.push(p);
    byLeader.set(p.leader, list);
  }
  const jobs: Promise<void>[] = [];
  for (const [leader, list] of byLeader) {
    for (let i = 0; i < list.length; i += BATCH) jobs.push(listChunk(connector, leader, list.slice(i, i + BATCH), timestamp, isolation, out));
  }
  await Promise.all(jobs);
  return out;
}
