import 'server-only';
import type { KafkaPosition, KafkaReplayParams } from '@/lib/contracts/jobs';
import { getConnectorOf } from '../connections/registry';
import { compileFilter, KAFKA_FILTER_VARIABLES, type CompiledFilter } from '../filters/cel';
import { BadRequestError, NotFoundError } from '../http/errors';
import { writableKafka, writableRabbitmq } from '../jobs/guards';
import type { JobContext, JobHandler } from '../jobs/types';
import { mgmtPath } from '../rabbitmq/management-client';
import { mgmtExchangeSchema } from '../rabbitmq/schemas';
import { fetchOnce, offsetsForTime, topicPartitions, type PartitionInfo } from './messages/read';
import { filterContext, recordSize, type ReadRecord } from './messages/to-message';
import { rawCluster, type RawCluster } from './raw-cluster';
import { namedFailure, openReplayTarget, type ReplayTarget } from './replay-targets';

/** The plan a replay keeps in its checkpoint, so a resumed run reads exactly the range the first run chose. */
type Range = { partition: number; leader: number; start: number; end: number; next: number };
type Checkpoint = {
  ranges: Range[];
  counts: { read: number; matched: number; written: number };
  /** Target position before anything was written, for the final check. */
  targetStart: number | null;
  /** Batches earlier interruptions could not settle (sent again, maybe twice in the target), summed over every resume. */
  possibleDuplicates?: number;
  /** A batch sent but not yet known to be acknowledged: where it came from, its counts, the target position before it. */
  inFlight: { partition: number; next: number; read: number; count: number; targetBefore: number | null } | null;
};

function offsetAt(pos: KafkaPosition, p: PartitionInfo, byTime: Map<number, number> | undefined): number {
  if (pos === 'earliest') return p.low;
  if (pos === 'latest') return p.high;
  if ('offset' in pos) return Math.min(Math.max(pos.offset, p.low), p.high);
  return byTime?.get(p.partition) ?? p.high;
}

async function planRanges(cluster: RawCluster, p: KafkaReplayParams): Promise<Range[]> {
  const { topic, partitions, from, to } = p.source;
  const parts = await topicPartitions(cluster, topic, partitions, p.source.connection);
  const timeOf = async (pos: KafkaPosition) => (typeof pos === 'object' && 'timestamp' in pos ? offsetsForTime(cluster, topic, parts, pos.timestamp) : undefined);
  const [fromTimes, toTimes] = await Promise.all([timeOf(from), timeOf(to)]);
  if (typeof from === 'object' && 'offset' in from && parts.every((x) => from.offset >= x.high)) {
    throw new BadRequestError(`Offset ${from.offset} is past the end of every chosen partition of "${topic}"`);
  }
  return parts.map((x) => {
    const start = offsetAt(from, x, fromTimes);
    const end = Math.max(start, offsetAt(to, x, toTimes));
    return { partition: x.partition, leader: x.leader, start, end, next: start };
  });
}

async function validateTarget(p: KafkaReplayParams): Promise<void> {
  const t = p.target;
  if (t.kind === 'rabbitmq') {
    const rabbit = writableRabbitmq(t.connection, 'target of a replay');
    if (t.exchange !== '') await rabbit.management.get(`exchanges/${mgmtPath(t.vhost, t.exchange)}`, mgmtExchangeSchema);
    return;
  }
  const kafka = writableKafka(t.connection, 'target of a replay');
  if (t.connection === p.source.connection && t.topic === p.source.topic && !p.allowSameTopic) {
    throw new BadRequestError(`Replaying "${t.topic}" into itself duplicates its messages: set allowSameTopic to do it anyway`);
  }
  if (t.partitioning === 'fixed' && t.partition === undefined) throw new BadRequestError('partitioning "fixed" needs a partition');
  const meta = await kafka.call('target metadata', (a) => a.fetchTopicMetadata({ topics: [] }));
  const target = meta.topics.find((x) => x.name === t.topic);
  if (!target) {
    if (t.createTopic) return;
    throw new NotFoundError(`Target topic "${t.topic}" does not exist on "${t.connection}": set createTopic to create it with the source's partition count`);
  }
  const source = getConnectorOf(p.source.connection, 'kafka');
  const sourceMeta = await source.call('source metadata', (a) => a.fetchTopicMetadata({ topics: [p.source.topic] }));
  const sourcePartitions = sourceMeta.topics[0]?.partitions.map((x) => x.partitionId) ?? [];
  const highest = Math.max(-1, ...(p.source.partitions ?? sourcePartitions));
  if (t.partitioning === 'keep' && highest >= target.partitions.length) {
    throw new BadRequestError(`"${t.topic}" has ${target.partitions.length} partitions; keeping partition numbers needs at least ${highest + 1}`);
  }
  if (t.partitioning === 'fixed' && t.partition! >= target.partitions.length) {
    throw new BadRequestError(`"${t.topic}" has no partition ${t.partition}`);
  }
}

async function createTargetIfMissing(p: KafkaReplayParams, partitions: number): Promise<void> {
  if (p.target.kind !== 'kafka' || !p.target.createTopic) return;
  const t = p.target;
  const kafka = writableKafka(t.connection, 'target of a replay');
  const existing = await kafka.call('list topics', (a) => a.listTopics());
  if (!existing.includes(t.topic)) {
    await kafka.call('create topic', (a) => a.createTopics({ topics: [{ topic: t.topic, numPartitions: partitions }], waitForLeaders: true }), 15_000);
  }
}

/**
 * A batch interrupted between send and checkpoint: the target's position tells whether it landed (then it is
 * skipped), did not (it is sent again), or cannot be told (another writer, or a target without positions).
 */
async function settleInFlight(cp: Checkpoint, target: ReplayTarget): Promise<number> {
  const batch = cp.inFlight;
  if (!batch) return 0;
  cp.inFlight = null;
  const now = batch.targetBefore === null ? null : await target.position();
  if (now !== null && now === batch.targetBefore! + batch.count) {
    // It landed: count it as written and move past it.
    cp.counts.written += batch.count;
    cp.ranges.find((r) => r.partition === batch.partition)!.next = batch.next;
    return 0;
  }
  // Not landed, or cannot tell: read and send it again; its counts were taken when it was first read.
  cp.counts.read -= batch.read;
  cp.counts.matched -= batch.count;
  return now !== null && now === batch.targetBefore ? 0 : batch.count;
}

/**
 * A produce request must stay under the broker's message.max.bytes (1 MiB by default) while a fetch brings up to
 * 4 MiB. Besides key, value and headers each record costs framing plus the provenance headers added to it.
 */
const CHUNK_BYTES = 384 * 1024;
const RECORD_OVERHEAD_BYTES = 160;

function chunksBySize(records: ReadRecord[]): ReadRecord[][] {
  const chunks: ReadRecord[][] = [];
  let current: ReadRecord[] = [];
  let bytes = 0;
  for (const r of records) {
    const size = recordSize(r.raw) + RECORD_OVERHEAD_BYTES;
    if (current.length && bytes + size > CHUNK_BYTES) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += size;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

async function copyPartition(ctx: JobContext<KafkaReplayParams>, cluster: RawCluster, cp: Checkpoint, range: Range, filter: CompiledFilter | null, target: ReplayTarget | null): Promise<void> {
  const topic = ctx.params.source.topic;
  while (range.next < range.end && !ctx.signal.aborted) {
    const { records, next } = await fetchOnce(cluster, topic, range, range.next).catch((e: unknown) => {
      throw namedFailure(`Reading "${topic}" partition ${range.partition} on Kafka connection "${ctx.params.source.connection}"`, e);
    });
    const inRange = records.filter((r) => r.offset < range.end);
    const fetchedTo = Math.min(Math.max(next, range.next + 1), range.end);
    const chunks = chunksBySize(inRange);
    if (chunks.length === 0) chunks.push([]);
    for (const [i, chunk] of chunks.entries()) {
      // Each chunk is one unit of work: written, acknowledged, then checkpointed.
      const chunkEnd = i === chunks.length - 1 ? fetchedTo : chunk[chunk.length - 1].offset + 1;
      const batch = filter ? chunk.filter((r) => filter.matches(filterContext(r))) : chunk;
      cp.counts.read += chunk.length;
      cp.counts.matched += batch.length;
      if (target && batch.length) {
        cp.inFlight = { partition: range.partition, next: chunkEnd, read: chunk.length, count: batch.length, targetBefore: await target.position() };
        await ctx.checkpoint(cp);
        await target.write(batch);
        cp.counts.written += batch.length;
      }
      cp.inFlight = null;
      range.next = chunkEnd;
      ctx.progress({ ...cp.counts, confirmed: cp.counts.written, skipped: cp.counts.read - cp.counts.matched });
      await ctx.checkpoint(cp);
    }
  }
}

export const kafkaReplay: JobHandler<KafkaReplayParams> = {
  async validate(p) {
    getConnectorOf(p.source.connection, 'kafka');
    if (p.source.filter) compileFilter(p.source.filter, KAFKA_FILTER_VARIABLES);
    await validateTarget(p);
    await planRanges(await rawCluster(getConnectorOf(p.source.connection, 'kafka')), p);
  },

  async run(ctx) {
    const p = ctx.params;
    const cluster = await rawCluster(getConnectorOf(p.source.connection, 'kafka'));
    const filter = p.source.filter ? compileFilter(p.source.filter, KAFKA_FILTER_VARIABLES) : null;
    const resumed = ctx.resumeFrom as Checkpoint | null;
    const cp: Checkpoint = resumed ?? { ranges: await planRanges(cluster, p), counts: { read: 0, matched: 0, written: 0 }, targetStart: null, inFlight: null };
    const total = cp.ranges.reduce((n, r) => n + (r.end - r.start), 0);
    ctx.progress({ phase: ctx.dryRun ? 'counting' : 'replaying', total, ...cp.counts, confirmed: cp.counts.written });

    let target: ReplayTarget | null = null;
    let possibleDuplicates = 0;
    try {
      if (!ctx.dryRun) {
        await createTargetIfMissing(p, Math.max(...cp.ranges.map((r) => r.partition)) + 1);
        target = await openReplayTarget(p, ctx.id);
        if (resumed) cp.possibleDuplicates = (cp.possibleDuplicates ?? 0) + (await settleInFlight(cp, target));
        possibleDuplicates = cp.possibleDuplicates ?? 0;
        cp.targetStart ??= await target.position();
        await ctx.checkpoint(cp);
      }
      // Partitions one after another: ordering per partition is kept, and one producer stays idempotent.
      for (const range of cp.ranges) await copyPartition(ctx, cluster, cp, range, filter, target);

      const details = [`read ${cp.counts.read} of ${total} in range, ${cp.counts.matched} matched${filter ? ` "${filter.expression}"` : ''}`];
      if (ctx.dryRun) return { verified: null, details: [...details, 'dry run: nothing was written'], possibleDuplicates: 0 };
      details.push(`wrote ${cp.counts.written}, each acknowledged by the target`);
      const end = await target!.position();
      if (end === null || cp.targetStart === null) return { verified: null, details, possibleDuplicates };
      const advanced = end - cp.targetStart;
      const expected = cp.counts.written + possibleDuplicates;
      details.push(`target end offsets advanced by ${advanced}${advanced === expected ? ', as expected' : ` but ${expected} were expected (another producer may write to it)`}`);
      return { verified: advanced === expected, details, possibleDuplicates };
    } finally {
      await target?.close().catch(() => undefined);
    }
  },
};
