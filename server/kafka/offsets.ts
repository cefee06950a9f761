import 'server-only';
import { READ_UNCOMMITTED, type RawCluster } from './raw-cluster';

/** ListOffsets special timestamps. */
export const EARLIEST = -2;
export const LATEST = -1;
/** Partitions per ListOffsets request: big enough to batch 20,000 partitions in a few requests. */
const BATCH = 2000;

export type PartitionRef = { topic: string; partition: number; leader: number };
/** "topic\u0000partition" -> offset; absent when the broker would not say. */
export type OffsetMap = Map<string, number>;

export const tpKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** Counts the ListOffsets requests a caller's listOffsets calls send (the sampler reports its broker requests). */
export type RequestCounter = { requests: number };

async function listChunk(cluster: RawCluster, leader: number, chunk: PartitionRef[], timestamp: number, out: OffsetMap, counter?: RequestCounter): Promise<void> {
  const broker = await cluster.findBroker({ nodeId: leader });
  if (counter) counter.requests++;
  const byTopic = new Map<string, { partition: number; timestamp: number }[]>();
  for (const p of chunk) {
    const list = byTopic.get(p.topic) ?? [];
    list.push({ partition: p.partition, timestamp });
    byTopic.set(p.topic, list);
  }
  const res = await broker.listOffsets({
    replicaId: -1,
    isolationLevel: READ_UNCOMMITTED,
    topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
  });
  for (const t of res.responses) {
    for (const p of t.partitions) {
      const offset = Number(p.offset);
      if (p.errorCode === 0 && offset >= 0) out.set(tpKey(t.topic, p.partition), offset);
    }
  }
}

/**
 * Offsets of many partitions at `timestamp` (EARLIEST, LATEST or epoch ms), one request per leader and
 * chunk. kafkajs fails a whole ListOffsets answer for one bad partition, so a failed chunk is retried
 * topic by topic and only the partitions that still fail stay unknown.
 */
export async function listOffsets(cluster: RawCluster, partitions: PartitionRef[], timestamp: number, counter?: RequestCounter): Promise<OffsetMap> {
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
    for (let i = 0; i < list.length; i += BATCH) {
      const chunk = list.slice(i, i + BATCH);
      jobs.push(
        listChunk(cluster, leader, chunk, timestamp, out, counter).catch(async () => {
          const topics = [...new Set(chunk.map((p) => p.topic))];
          for (const topic of topics) {
            await listChunk(cluster, leader, chunk.filter((p) => p.topic === topic), timestamp, out, counter).catch(() => undefined);
          }
        }),
      );
    }
  }
  await Promise.all(jobs);
  return out;
}
