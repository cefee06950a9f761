import 'server-only';
import { describeProducersV0 } from '@platformatic/kafka';
import type { Isolation } from '@/lib/contracts/kafka-messages';
import { BadRequestError, NotFoundError, UnavailableError } from '../../http/errors';
import { errorForCode } from '../admin-errors';
import { clusterMetadata, EARLIEST, LATEST, listOffsets, READ_COMMITTED, READ_UNCOMMITTED, tpKey } from '../cluster';
import type { KafkaConnector } from '../connector';
import { FETCH_APIS, type FetchedPartition } from './fetch-request';
import { decodeRecordSet, visitRecordSet, type BatchGate, type RecordVisitor, type ValueScreen, type VisitResult } from './record-batch';
import { answeredEnd, CommittedGate, surveyUncommitted, UncommittedGate, type ProducerState } from './transactions';
import type { ReadRecord } from './to-message';

/** A partition to read: `high` is where reading ends (the last stable offset when reading committed). */
export type PartitionInfo = { partition: number; leader: number; low: number; high: number; highWatermark: number };
export type PartitionRef = { partition: number; leader: number };

/** Bytes asked of one partition per Fetch; a larger first batch still comes whole (KIP-74). */
const PARTITION_FETCH_BYTES = 4 * 1024 * 1024;
const FETCH_MAX_BYTES = 4 * PARTITION_FETCH_BYTES;
const UNKNOWN_TOPIC = 3;

/** The topic's partitions (all, or the chosen ones) with leaders and ends; 404 / 400 for bad input, 503 without a leader. */
export async function topicPartitions(connector: KafkaConnector, topic: string, selected: number[] | undefined, connectionId: string, isolation: Isolation = 'read_committed'): Promise<PartitionInfo[]> {
  const meta = await clusterMetadata(connector, [topic]);
  const t = meta.topicMetadata.find((m) => m.topic === topic);
  if (!t || t.topicErrorCode === UNKNOWN_TOPIC) throw new NotFoundError(`Topic "${topic}" does not exist on connection "${connectionId}"`);
  if (t.topicErrorCode !== 0 && t.partitionMetadata.length === 0) throw errorForCode(t.topicErrorCode, null, `Topic "${topic}"`);
  const count = t.partitionMetadata.length;
  for (const p of selected ?? []) {
    if (p >= count) throw new BadRequestError(`Partition ${p} is out of range: topic "${topic}" has partitions 0 to ${count - 1}`);
  }
  const wanted = t.partitionMetadata.filter((p) => !selected || selected.includes(p.partitionId));
  const refs = wanted.map((p) => ({ topic, partition: p.partitionId, leader: p.leader }));
  const [low, high, stable] = await Promise.all([
    listOffsets(connector, refs, EARLIEST),
    listOffsets(connector, refs, LATEST),
    isolation === 'read_committed' ? listOffsets(connector, refs, LATEST, READ_COMMITTED) : null,
  ]);
  return wanted
    .map((p) => {
      const k = tpKey(topic, p.partitionId);
      const l = low.get(k);
      const h = high.get(k);
      const end = stable ? stable.get(k) : h;
      if (p.leader < 0 || l === undefined || h === undefined || end === undefined) {
        // A leader election or an offline broker: the broker's state, not the request, so 503 (try again).
        throw new UnavailableError(`Partition ${p.partitionId} of "${topic}" has no leader right now; try again or choose other partitions`);
      }
      return { partition: p.partitionId, leader: p.leader, low: l, high: end, highWatermark: h };
    })
    .sort((a, b) => a.partition - b.partition);
}

/** First offset at or after `timestamp` per partition (ListOffsets by time); the partition's end when none is. */
export async function offsetsForTime(connector: KafkaConnector, topic: string, partitions: PartitionInfo[], timestamp: number, isolation: Isolation = 'read_committed'): Promise<Map<number, number>> {
  const level = isolation === 'read_committed' ? READ_COMMITTED : READ_UNCOMMITTED;
  const found = await listOffsets(connector, partitions.map((p) => ({ topic, partition: p.partition, leader: p.leader })), timestamp, level);
  return new Map(partitions.map((p) => [p.partition, Math.min(found.get(tpKey(topic, p.partition)) ?? p.high, p.high)]));
}

/**
 * One Fetch of some partitions of a topic from their leader, as a replica-less reader: no group, no commit, nothing
 * left behind. A partition's error is the broker's error (404, 400 for OFFSET_OUT_OF_RANGE, 503 while it moves).
 */
async function fetchRaw(connector: KafkaConnector, topic: string, leader: number, at: { partition: number; offset: number }[], maxWaitMs: number, isolation: number): Promise<Map<number, FetchedPartition>> {
  const answer = await connector.sendRead(maxWaitMs > 0 ? 'tail' : 'read', leader, FETCH_APIS, {
    topic,
    partitions: at.map((p) => ({ partition: p.partition, offset: p.offset, maxBytes: PARTITION_FETCH_BYTES })),
    maxWaitMs,
    maxBytes: FETCH_MAX_BYTES,
    isolation,
  });
  if (answer.errorCode !== 0) throw errorForCode(answer.errorCode, null, `Reading "${topic}"`);
  const out = new Map<number, FetchedPartition>();
  for (const p of answer.partitions) {
    if (p.topic !== topic) continue;
    if (p.errorCode !== 0) {
      const offset = at.find((x) => x.partition === p.partition)?.offset;
      throw errorForCode(p.errorCode, null, `Reading partition ${p.partition} of "${topic}" at offset ${offset}`);
    }
    out.set(p.partition, p);
  }
  return out;
}

/** The producers with a transaction open on the partition, or null when the broker would not say (too old, denied). */
async function openTransactions(connector: KafkaConnector, topic: string, p: PartitionRef): Promise<ProducerState[] | null> {
  try {
    const answer = await connector.sendRead('read', p.leader, [describeProducersV0.api], [{ name: topic, partitionIndexes: [p.partition] }]);
    const part = answer.topics.find((t) => t.name === topic)?.partitions.find((x) => x.partitionIndex === p.partition);
    if (!part || part.errorCode !== 0) return null;
    return part.activeProducers.map((x) => ({ producerId: Number(x.producerId), currentTxnStartOffset: Number(x.currentTxnStartOffset) }));
  } catch {
    // Only a best effort at telling "open" from "unknown" for a long transaction: unknown is the honest answer.
    return null;
  }
}

/** The gate that flags a read-uncommitted answer's records (see UncommittedPlan in transactions.ts for why so). */
async function uncommittedGate(connector: KafkaConnector, topic: string, p: PartitionRef, from: number, part: FetchedPartition): Promise<UncommittedGate> {
  const survey = surveyUncommitted(part.records, p.partition, part.lastStableOffset, part.highWatermark);
  let committed = null;
  let committedEnd = from;
  if (survey.transactionalBelowStable) {
    const rc = (await fetchRaw(connector, topic, p.leader, [{ partition: p.partition, offset: from }], 0, READ_COMMITTED)).get(p.partition);
    committed = rc?.abortedTransactions ?? null;
    committedEnd = answeredEnd(rc?.records ?? null, p.partition, from);
  }
  const producers = survey.needsProducers ? await openTransactions(connector, topic, p) : null;
  return new UncommittedGate({ from, lastStable: part.lastStableOffset, committed, committedEnd, reachesEnd: survey.reachesEnd, producers, markers: survey.markers });
}

type Gated = { part: FetchedPartition | undefined; gate: BatchGate };

async function gated(connector: KafkaConnector, topic: string, p: PartitionRef, offset: number, part: FetchedPartition | undefined, isolation: Isolation): Promise<Gated> {
  if (isolation === 'read_committed' || !part) return { part, gate: new CommittedGate(part?.abortedTransactions ?? null) };
  return { part, gate: await uncommittedGate(connector, topic, p, offset, part) };
}

async function fetchGated(connector: KafkaConnector, topic: string, p: PartitionRef, offset: number, maxWaitMs: number, isolation: Isolation): Promise<Gated> {
  const level = isolation === 'read_committed' ? READ_COMMITTED : READ_UNCOMMITTED;
  const part = (await fetchRaw(connector, topic, p.leader, [{ partition: p.partition, offset }], maxWaitMs, level)).get(p.partition);
  return gated(connector, topic, p, offset, part, isolation);
}

export type FetchResult = { records: ReadRecord[]; next: number; high: number; lastStable: number };

/**
 * The committed records of one Fetch at or after `offset`: up to the last stable offset, aborted transactions and
 * control records left out (both still move `next` on). `high` is the high watermark, `lastStable` the last
 * stable offset, as the broker answered.
 */
export function fetchOnce(connector: KafkaConnector, topic: string, p: PartitionRef, offset: number, maxWaitMs = 0): Promise<FetchResult> {
  return fetchRecords(connector, topic, p, offset, maxWaitMs, 'read_committed');
}

/** fetchOnce in either isolation; read uncommitted flags each record with its transaction's state. */
export async function fetchRecords(connector: KafkaConnector, topic: string, p: PartitionRef, offset: number, maxWaitMs: number, isolation: Isolation): Promise<FetchResult> {
  const { part, gate } = await fetchGated(connector, topic, p, offset, maxWaitMs, isolation);
  const { records, next } = decodeRecordSet(part?.records ?? null, p.partition, offset, gate);
  return { records, next, high: part?.highWatermark ?? offset, lastStable: part?.lastStableOffset ?? offset };
}

export type FetchVisitResult = VisitResult & { high: number; lastStable: number };

/**
 * fetchOnce for a scan: visits each record through a moving view (see record-batch.ts) instead of keeping them all,
 * screening values with `screen` when given. Read committed unless told otherwise.
 */
export async function fetchVisit(
  connector: KafkaConnector,
  topic: string,
  p: PartitionRef,
  offset: number,
  maxWaitMs: number,
  visit: RecordVisitor,
  screen: ValueScreen | null,
  isolation: Isolation = 'read_committed',
): Promise<FetchVisitResult> {
  const { part, gate } = await fetchGated(connector, topic, p, offset, maxWaitMs, isolation);
  const result = visitRecordSet(part?.records ?? null, p.partition, offset, visit, screen, gate);
  return { ...result, high: part?.highWatermark ?? offset, lastStable: part?.lastStableOffset ?? offset };
}

/**
 * fetchVisit of several partitions led by the same broker in one Fetch (a tail: one request waits at the broker
 * for all of them, where one request per partition would queue behind each other's waits on the connection).
 * `visitors` gives each partition's visitor; returns each partition's result.
 */
export async function fetchVisitLeader(
  connector: KafkaConnector,
  topic: string,
  leader: number,
  at: { partition: number; offset: number }[],
  maxWaitMs: number,
  visitors: (partition: number) => RecordVisitor,
  screen: ValueScreen | null,
  isolation: Isolation = 'read_committed',
): Promise<Map<number, FetchVisitResult>> {
  const level = isolation === 'read_committed' ? READ_COMMITTED : READ_UNCOMMITTED;
  const parts = await fetchRaw(connector, topic, leader, at, maxWaitMs, level);
  const out = new Map<number, FetchVisitResult>();
  for (const { partition, offset } of at) {
    const { part, gate } = await gated(connector, topic, { partition, leader }, offset, parts.get(partition), isolation);
    const result = visitRecordSet(part?.records ?? null, partition, offset, visitors(partition), screen, gate);
    out.set(partition, { ...result, high: part?.highWatermark ?? offset, lastStable: part?.lastStableOffset ?? offset });
  }
  return out;
}

/** Up to `max` records of [from, until), reading forward. */
export async function readForward(connector: KafkaConnector, topic: string, p: PartitionInfo, from: number, until: number, max: number, isolation: Isolation = 'read_committed'): Promise<ReadRecord[]> {
  const out: ReadRecord[] = [];
  let pos = from;
  while (out.length < max && pos < until) {
    const { records, next } = await fetchRecords(connector, topic, p, pos, 0, isolation);
    for (const r of records) if (r.offset < until && out.length < max) out.push(r);
    if (next <= pos) break;
    pos = next;
  }
  return out;
}

/**
 * The last `max` records before `end` (exclusive), oldest first. Reads windows backwards, each four times the last,
 * until it has `max` or reaches the start: compaction, aborted transactions and transaction markers leave offsets
 * without a record to show, so the last N records can lie anywhere before `end`.
 */
export async function readBackward(connector: KafkaConnector, topic: string, p: PartitionInfo, end: number, max: number, isolation: Isolation = 'read_committed'): Promise<ReadRecord[]> {
  let records: ReadRecord[] = [];
  let upTo = end;
  for (let window = max; records.length < max && upTo > p.low; window *= 4) {
    const from = Math.max(p.low, upTo - window);
    records = (await readForward(connector, topic, p, from, upTo, Number.MAX_SAFE_INTEGER, isolation)).concat(records);
    upTo = from;
  }
  return records.slice(-max);
}
