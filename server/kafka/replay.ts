import 'server-only';
import type { KafkaPosition, KafkaReplayParams } from '@/lib/contracts/jobs';
import { getConnectorOf } from '../connections/registry';
import { compileFilter, KAFKA_FILTER_VARIABLES, type CompiledFilter } from '../filters/cel';
import { BadRequestError, NotFoundError } from '../http/errors';
import { writableKafka, writableRabbitmq } from '../jobs/guards';
import { topicEndOffsets } from '../jobs/verify';
import type { JobContext, JobHandler } from '../jobs/types';
import { mgmtPath } from '../rabbitmq/management-client';
import { mgmtExchangeSchema } from '../rabbitmq/schemas';
import { fetchOnce, offsetsForTime, topicPartitions, type PartitionInfo } from './messages/read';
import { filterContext, type ReadRecord } from './messages/to-message';
import { rawCluster, type RawCluster } from './raw-cluster';
import { advance, normalizeInFlight, settleByPartition, sharesOf, type BatchPart, type Checkpoint, type InFlight, type LegacyInFlight, type Range, type Redo } from './replay-checkpoint';
import { targetPartitionOf } from './replay-producer';
import { namedFailure, openReplayTarget, type ReplayTarget } from './replay-targets';

/** Where a Kafka target's messages go, computed as its writer routes them, and the end offsets that shows. */
type Router = { ends(): Promise<Map<number, number>>; partitionOf(r: ReadRecord, partitionCount: number): number };

function kafkaRouter(p: KafkaReplayParams): Router | null {
  const t = p.target;
  if (t.kind !== 'kafka') return null;
  const kafka = writableKafka(t.connection, 'target of a replay');
  return { ends: () => topicEndOffsets(kafka, t.topic), partitionOf: (r, n) => targetPartitionOf(t, n, r) };
}

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
async function settleInFlight(cp: Checkpoint, target: ReplayTarget, router: Router | null): Promise<{ duplicates: number; redo: Redo | null }> {
  const batch = normalizeInFlight(cp.inFlight as InFlight | LegacyInFlight | null);
  if (!batch) return { duplicates: 0, redo: null };
  cp.inFlight = null;
  if (batch.shares && router) {
    const ends = await router.ends();
    // Keyed routing depends on the partition count: with partitions added since, the shares no longer say where.
    if (ends.size === batch.partitionCount) return settleByPartition(cp, batch, batch.shares, ends);
  }
  const now = batch.targetBefore === null ? null : await target.position();
  if (now !== null && now === batch.targetBefore! + batch.count) {
    // It landed: count it as written and move past it.
    cp.counts.written += batch.count;
    advance(cp, batch.parts);
    return { duplicates: 0, redo: null };
  }
  // Not landed, or cannot tell: read and send it again; its counts were taken when it was first read.
  cp.counts.read -= batch.read;
  cp.counts.matched -= batch.count;
  return { duplicates: now !== null && now === batch.targetBefore ? 0 : batch.count, redo: null };
}

/**
 * Messages read per batch, over all partitions: the unit that is written, acknowledged and checkpointed, and at
 * most what a resumed replay may duplicate. The first batches are small, so progress shows at once and a replay
 * cancelled early has moved little; they double up to a size at which the two checkpoints and the target position
 * read per batch cost little beside the writes (a few per second at full speed).
 */
const FIRST_BATCH_MESSAGES = 2_500;
const MAX_BATCH_MESSAGES = 50_000;

/** A partition being read: records fetched ahead of the batches, and where the reading stands. */
type Reader = {
  range: Range;
  buffered: ReadRecord[];
  at: number;
  /** Everything before this offset is in `buffered` (from `at`) or was taken. */
  fetchedTo: number;
  pending: Promise<void> | null;
  error: unknown;
};

function reader(range: Range): Reader {
  return { range, buffered: [], at: 0, fetchedTo: range.next, pending: null, error: undefined };
}

const available = (r: Reader) => r.buffered.length - r.at;

/** Reads the next fetch of a partition into its buffer, in the background. */
function readAhead(ctx: JobContext<KafkaReplayParams>, cluster: RawCluster, r: Reader): Promise<void> {
  const topic = ctx.params.source.topic;
  const from = r.fetchedTo;
  r.pending = fetchOnce(cluster, topic, r.range, from).then(
    ({ records, next }) => {
      const inRange = records.filter((x) => x.offset < r.range.end);
      r.buffered = r.at < r.buffered.length ? r.buffered.slice(r.at).concat(inRange) : inRange;
      r.at = 0;
      r.fetchedTo = Math.min(Math.max(next, from + 1), r.range.end);
      r.pending = null;
    },
    (e: unknown) => {
      r.error = namedFailure(`Reading "${topic}" partition ${r.range.partition} on Kafka connection "${ctx.params.source.connection}"`, e);
      r.pending = null;
    },
  );
  return r.pending;
}

/** Up to `quota` records of the partition, read ahead of need; `next` is where the slice ends. */
async function take(ctx: JobContext<KafkaReplayParams>, cluster: RawCluster, r: Reader, quota: number): Promise<{ records: ReadRecord[]; next: number }> {
  if (available(r) < quota && r.fetchedTo < r.range.end) await (r.pending ?? readAhead(ctx, cluster, r));
  if (r.error) throw r.error;
  const records = r.buffered.slice(r.at, r.at + quota);
  r.at += records.length;
  const next = r.at < r.buffered.length ? r.buffered[r.at].offset : r.fetchedTo;
  if (r.at === r.buffered.length) {
    r.buffered = [];
    r.at = 0;
  }
  if (!r.pending && available(r) < quota && r.fetchedTo < r.range.end) void readAhead(ctx, cluster, r);
  return { records, next };
}

/** The records of the partition up to `until` (where an earlier run's slice ended), however many fetches that takes. */
async function takeUntil(ctx: JobContext<KafkaReplayParams>, cluster: RawCluster, r: Reader, until: number): Promise<{ records: ReadRecord[]; next: number }> {
  while (r.fetchedTo < until && !r.error) await (r.pending ?? readAhead(ctx, cluster, r));
  if (r.error) throw r.error;
  let end = r.at;
  while (end < r.buffered.length && r.buffered[end].offset < until) end++;
  const records = r.buffered.slice(r.at, end);
  r.at = end;
  if (r.at === r.buffered.length) {
    r.buffered = [];
    r.at = 0;
  }
  return { records, next: until };
}

/**
 * Copies every partition at once, a batch at a time. Each batch takes a slice of each partition (in offset order),
 * is checkpointed as in flight, written and acknowledged, then checkpointed as done; the next slices are read
 * while it is written. Records of one partition keep their order in the target; only one batch is ever in flight.
 * `redo`: the batch a resumed run found partly written, read again first (see settleByPartition).
 */
async function copyAll(
  ctx: JobContext<KafkaReplayParams>,
  cluster: RawCluster,
  cp: Checkpoint,
  filter: CompiledFilter | null,
  target: ReplayTarget | null,
  router: Router | null,
  redo: Redo | null,
): Promise<void> {
  const readers = cp.ranges.filter((r) => r.next < r.end).map(reader);
  for (const r of readers) void readAhead(ctx, cluster, r);
  let expected: number | null | undefined;
  let expectedEnds: Map<number, number> | undefined;
  for (let size = FIRST_BATCH_MESSAGES; !ctx.signal.aborted; size = Math.min(size * 2, MAX_BATCH_MESSAGES)) {
    const active = readers.filter((r) => r.range.next < r.range.end);
    if (!active.length) break;
    const quota = Math.ceil(size / active.length);
    // A batch left partly written is read again slice for slice, so each target partition's messages come in the same order.
    const again = redo;
    redo = null;
    const slices = await Promise.all(
      active.map((r) => {
        if (!again) return take(ctx, cluster, r, quota);
        const until = again.parts.find((x) => x.partition === r.range.partition)?.next ?? r.range.next;
        return takeUntil(ctx, cluster, r, until);
      }),
    );
    const parts: BatchPart[] = [];
    const matches: ReadRecord[][] = [];
    let read = 0;
    slices.forEach(({ records, next }, i) => {
      const matched = filter ? records.filter((x) => filter.matches(filterContext(x))) : records;
      matches.push(matched);
      read += records.length;
      parts.push({ partition: active[i].range.partition, next, read: records.length, count: matched.length });
    });
    const batch = matches.length === 1 ? matches[0] : matches.flat();
    cp.counts.read += read;
    cp.counts.matched += batch.length;
    if (target && batch.length) {
      let send = batch;
      if (router) {
        // Asked once: after a batch of ours each partition stands where it stood plus its share (another writer
        // would make the final check fail anyway).
        const ends = expectedEnds ?? (await router.ends());
        const targets = new Int32Array(batch.length);
        for (let i = 0; i < batch.length; i++) targets[i] = router.partitionOf(batch[i], ends.size);
        const split = sharesOf(batch, targets, ends, again?.skip);
        send = split.send;
        const targetBefore = [...ends.values()].reduce((a, b) => a + b, 0);
        cp.inFlight = { parts, read, count: batch.length, targetBefore, shares: split.shares, partitionCount: ends.size };
        expectedEnds = new Map(ends);
        for (const s of split.shares ?? []) expectedEnds.set(s.partition, s.before + s.count);
        if (!split.shares) expectedEnds = undefined;
      } else {
        const targetBefore = expected !== undefined ? expected : await target.position();
        cp.inFlight = { parts, read, count: batch.length, targetBefore };
        expected = targetBefore === null ? null : targetBefore + batch.length;
      }
      await ctx.checkpoint(cp);
      if (send.length) await target.write(send);
      cp.counts.written += send.length;
    }
    cp.inFlight = null;
    advance(cp, parts);
    ctx.progress({ ...cp.counts, confirmed: cp.counts.written, skipped: cp.counts.read - cp.counts.matched });
    await ctx.checkpoint(cp);
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
    let router: Router | null = null;
    let redo: Redo | null = null;
    let possibleDuplicates = 0;
    try {
      if (!ctx.dryRun) {
        await createTargetIfMissing(p, Math.max(...cp.ranges.map((r) => r.partition)) + 1);
        target = await openReplayTarget(p, ctx.id);
        router = kafkaRouter(p);
        if (resumed) {
          const settled = await settleInFlight(cp, target, router);
          cp.possibleDuplicates = (cp.possibleDuplicates ?? 0) + settled.duplicates;
          redo = settled.redo;
        }
        possibleDuplicates = cp.possibleDuplicates ?? 0;
        cp.targetStart ??= await target.position();
        await ctx.checkpoint(cp);
      }
      await copyAll(ctx, cluster, cp, filter, target, router, redo);

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
