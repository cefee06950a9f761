import 'server-only';
import { BadRequestError, NotFoundError } from '../../http/errors';
import { toApiError } from '../admin-errors';
import { EARLIEST, LATEST, listOffsets, tpKey } from '../offsets';
import { clusterMetadata, READ_UNCOMMITTED, type RawCluster } from '../raw-cluster';
import { fetchPartitionRequest, type FetchedPartition } from './fetch-request';
import { decodeRecordSet, visitRecordSet, type RecordVisitor, type ValueScreen, type VisitResult } from './record-batch';
import type { ReadRecord } from './to-message';

export type PartitionInfo = { partition: number; leader: number; low: number; high: number };

/** Bytes asked of one partition per Fetch; a larger first batch still comes whole (KIP-74). */
const PARTITION_FETCH_BYTES = 4 * 1024 * 1024;
const UNKNOWN_TOPIC = 3;

/** The topic's partitions (all, or the chosen ones) with leaders and watermarks; 404 / 400 for bad input. */
export async function topicPartitions(cluster: RawCluster, topic: string, selected: number[] | undefined, connectionId: string): Promise<PartitionInfo[]> {
  const meta = await clusterMetadata(cluster, [topic]);
  const t = meta.topicMetadata.find((m) => m.topic === topic);
  if (!t || t.topicErrorCode === UNKNOWN_TOPIC) throw new NotFoundError(`Topic "${topic}" does not exist on connection "${connectionId}"`);
  const count = t.partitionMetadata.length;
  for (const p of selected ?? []) {
    if (p >= count) throw new BadRequestError(`Partition ${p} is out of range: topic "${topic}" has partitions 0 to ${count - 1}`);
  }
  const wanted = t.partitionMetadata.filter((p) => !selected || selected.includes(p.partitionId));
  const refs = wanted.map((p) => ({ topic, partition: p.partitionId, leader: p.leader }));
  const [low, high] = await Promise.all([listOffsets(cluster, refs, EARLIEST), listOffsets(cluster, refs, LATEST)]);
  return wanted
    .map((p) => {
      const k = tpKey(topic, p.partitionId);
      const l = low.get(k);
      const h = high.get(k);
      if (p.leader < 0 || l === undefined || h === undefined) {
        throw new BadRequestError(`Partition ${p.partitionId} of "${topic}" has no leader right now; choose other partitions`);
      }
      return { partition: p.partitionId, leader: p.leader, low: l, high: h };
    })
    .sort((a, b) => a.partition - b.partition);
}

/** First offset at or after `timestamp` per partition (ListOffsets by time); the high watermark when none is. */
export async function offsetsForTime(cluster: RawCluster, topic: string, partitions: PartitionInfo[], timestamp: number): Promise<Map<number, number>> {
  const found = await listOffsets(cluster, partitions.map((p) => ({ topic, partition: p.partition, leader: p.leader })), timestamp);
  return new Map(partitions.map((p) => [p.partition, found.get(tpKey(topic, p.partition)) ?? p.high]));
}

export type FetchResult = { records: ReadRecord[]; next: number; high: number };

/** One Fetch of one partition from its leader, as a replica-less reader: no group, no commit, nothing left behind. */
async function fetchPartition(cluster: RawCluster, topic: string, p: { partition: number; leader: number }, offset: number, maxWaitMs: number): Promise<FetchedPartition> {
  const broker = await cluster.findBroker({ nodeId: p.leader });
  const request = fetchPartitionRequest({
    topic,
    partition: p.partition,
    offset,
    maxWaitMs,
    maxBytes: PARTITION_FETCH_BYTES * 4,
    partitionMaxBytes: PARTITION_FETCH_BYTES,
    isolationLevel: READ_UNCOMMITTED,
  });
  return broker.connectionPool.send(request).catch(async (e: unknown) => {
    // As kafkajs's own Broker#fetch: a closed connection drops the broker's state, so the next call reconnects.
    if ((e as { name?: string })?.name === 'KafkaJSConnectionClosedError') await (broker as { disconnect?: () => Promise<void> }).disconnect?.();
    throw e;
  });
}

const failure = (topic: string, partition: number, offset: number) => (e: unknown) => {
  throw toApiError(e, `Reading partition ${partition} of "${topic}" at offset ${offset}`);
};

/** The records of one Fetch at or after `offset`. Control records (transaction markers) are skipped but move `next` on. */
export async function fetchOnce(cluster: RawCluster, topic: string, p: { partition: number; leader: number }, offset: number, maxWaitMs = 0): Promise<FetchResult> {
  const fail = failure(topic, p.partition, offset);
  const part = await fetchPartition(cluster, topic, p, offset, maxWaitMs).catch(fail);
  const { records, next } = await decodeRecordSet(part.records, p.partition, offset).catch(fail);
  return { records, next, high: part.highWatermark ?? offset };
}

/**
 * fetchOnce for a scan: visits each record through a moving view (see record-batch.ts) instead of keeping them all,
 * screening values with `screen` when given.
 */
export async function fetchVisit(
  cluster: RawCluster,
  topic: string,
  p: { partition: number; leader: number },
  offset: number,
  maxWaitMs: number,
  visit: RecordVisitor,
  screen: ValueScreen | null,
): Promise<VisitResult & { high: number }> {
  const fail = failure(topic, p.partition, offset);
  const part = await fetchPartition(cluster, topic, p, offset, maxWaitMs).catch(fail);
  const result = await visitRecordSet(part.records, p.partition, offset, visit, screen).catch(fail);
  return { ...result, high: part.highWatermark ?? offset };
}

/** Up to `max` records of [from, until), reading forward. */
export async function readForward(cluster: RawCluster, topic: string, p: PartitionInfo, from: number, until: number, max: number): Promise<ReadRecord[]> {
  const out: ReadRecord[] = [];
  let pos = from;
  while (out.length < max && pos < until) {
    const { records, next } = await fetchOnce(cluster, topic, p, pos);
    for (const r of records) if (r.offset < until && out.length < max) out.push(r);
    if (next <= pos) break;
    pos = next;
  }
  return out;
}

/** The last `max` records before `end` (exclusive), oldest first; widens the window (x4, twice) over compaction gaps. */
export async function readBackward(cluster: RawCluster, topic: string, p: PartitionInfo, end: number, max: number): Promise<ReadRecord[]> {
  let records: ReadRecord[] = [];
  for (let window = max, i = 0; i < 3; i++, window *= 4) {
    const from = Math.max(p.low, end - window);
    records = await readForward(cluster, topic, p, from, end, Number.MAX_SAFE_INTEGER);
    if (records.length >= max || from === p.low) break;
  }
  return records.slice(-max);
}
