import 'server-only';
import type { KafkaReplayParams } from '@/lib/contracts/jobs';
import { getConnectorOf } from '../connections/registry';
import { compileFilter, KAFKA_FILTER_VARIABLES, type CompiledFilter } from '../filters/cel';
import { BadRequestError, NotFoundError, UnavailableError } from '../http/errors';
import { brokerVerdict, toApiError } from '../kafka/admin-errors';
import { clusterMetadata } from '../kafka/cluster';
import type { KafkaConnector } from '../kafka/connector';
import { filterContext, type ReadRecord } from '../kafka/messages/to-message';
import { PartitionReader, planRanges } from '../kafka/replay';
import { advance, normalizeInFlight, settleByPartition, sharesOf, type BatchPart, type Checkpoint, type InFlight, type LegacyInFlight, type Redo } from '../kafka/replay-checkpoint';
import { assertExchange } from '../rabbitmq/replay-target';
import { writableKafka, writableRabbitmq } from './guards';
import { kafkaRouter, namedFailure, openReplayTarget, type ReplayTarget, type Router } from './replay-targets';
import type { JobContext, JobHandler } from './types';
import { topicSchemas } from '../messages/schemas/topic-schemas';

const UNKNOWN_TOPIC = 3;
const LEADERS_TIMEOUT_MS = 15_000;

/** Partition count of a topic, or null when it does not exist. */
async function partitionCount(c: KafkaConnector, topic: string, what: string): Promise<number | null> {
  const meta = await c.run(what, (k) => clusterMetadata(k, [topic]));
  const t = meta.topicMetadata.find((x) => x.topic === topic);
  return !t || t.topicErrorCode === UNKNOWN_TOPIC ? null : t.partitionMetadata.length;
}

async function validateTarget(p: KafkaReplayParams): Promise<void> {
  const t = p.target;
  if (t.kind === 'rabbitmq') {
    await assertExchange(writableRabbitmq(t.connection, 'target of a replay'), t.vhost, t.exchange);
    return;
  }
  const kafka = writableKafka(t.connection, 'target of a replay');
  if (t.connection === p.source.connection && t.topic === p.source.topic && !p.allowSameTopic) {
    throw new BadRequestError(`Replaying "${t.topic}" into itself duplicates its messages: set allowSameTopic to do it anyway`);
  }
  if (t.partitioning === 'fixed' && t.partition === undefined) throw new BadRequestError('partitioning "fixed" needs a partition');
  const targetPartitions = await partitionCount(kafka, t.topic, 'target metadata');
  if (targetPartitions === null) {
    if (t.createTopic) return;
    throw new NotFoundError(`Target topic "${t.topic}" does not exist on "${t.connection}": set createTopic to create it with the source's partition count`);
  }
  const sourcePartitions = (await partitionCount(getConnectorOf(p.source.connection, 'kafka'), p.source.topic, 'source metadata')) ?? 0;
  const highest = Math.max(-1, ...(p.source.partitions ?? Array.from({ length: sourcePartitions }, (_, i) => i)));
  if (t.partitioning === 'keep' && highest >= targetPartitions) {
    throw new BadRequestError(`"${t.topic}" has ${targetPartitions} partitions; keeping partition numbers needs at least ${highest + 1}`);
  }
  if (t.partitioning === 'fixed' && t.partition! >= targetPartitions) {
    throw new BadRequestError(`"${t.topic}" has no partition ${t.partition}`);
  }
}

async function createTargetIfMissing(p: KafkaReplayParams, partitions: number): Promise<void> {
  if (p.target.kind !== 'kafka' || !p.target.createTopic) return;
  const t = p.target;
  const kafka = writableKafka(t.connection, 'target of a replay');
  if ((await partitionCount(kafka, t.topic, 'target metadata')) !== null) return;
  await kafka.call('create topic', (a) => a.createTopics({ topics: [t.topic], partitions }), 15_000).catch((e: unknown) => {
    // Created meanwhile (another run of the same job): the checks below see it as any existing target.
    if (brokerVerdict(e)?.id !== 'TOPIC_ALREADY_EXISTS') throw toApiError(e, `Creating "${t.topic}" on "${t.connection}"`);
  });
  // A topic just created has no leaders for a moment: the writer needs them.
  const deadline = Date.now() + LEADERS_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const m = (await kafka.run('target metadata', (k) => clusterMetadata(k, [t.topic]))).topicMetadata.find((x) => x.topic === t.topic);
    if (m && m.topicErrorCode === 0 && m.partitionMetadata.length > 0 && m.partitionMetadata.every((x) => x.leader >= 0)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new UnavailableError(`"${t.topic}" on "${t.connection}" was created but has partitions without a leader after ${LEADERS_TIMEOUT_MS / 1000} s; resume the job later`);
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

/**
 * Copies every partition at once, a batch at a time. Each batch takes a slice of each partition (in offset order),
 * is checkpointed as in flight, written and acknowledged, then checkpointed as done; the next slices are read
 * while it is written. Records of one partition keep their order in the target; only one batch is ever in flight.
 * `redo`: the batch a resumed run found partly written, read again first (see settleByPartition).
 */
async function copyAll(
  ctx: JobContext<KafkaReplayParams>,
  source: KafkaConnector,
  cp: Checkpoint,
  filter: CompiledFilter | null,
  target: ReplayTarget | null,
  router: Router | null,
  redo: Redo | null,
): Promise<void> {
  const { topic, connection } = ctx.params.source;
  const schemas = topicSchemas(connection, topic);
  const readers = cp.ranges
    .filter((r) => r.next < r.end)
    .map((r) => new PartitionReader(source, topic, r, (e) => namedFailure(`Reading "${topic}" partition ${r.partition} on Kafka connection "${connection}"`, e)));
  for (const r of readers) void r.readAhead();
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
        if (!again) return r.take(quota);
        return r.takeUntil(again.parts.find((x) => x.partition === r.range.partition)?.next ?? r.range.next);
      }),
    );
    const parts: BatchPart[] = [];
    const matches: ReadRecord[][] = [];
    let read = 0;
    slices.forEach(({ records, next }, i) => {
      const matched = filter ? records.filter((x) => filter.matches(filterContext(x, schemas))) : records;
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

/** Kafka -> Kafka topic, or Kafka -> RabbitMQ exchange: a range of a topic, filtered, copied with its checkpoint. */
export const kafkaReplay: JobHandler<KafkaReplayParams> = {
  async validate(p) {
    const source = getConnectorOf(p.source.connection, 'kafka');
    if (p.source.filter) compileFilter(p.source.filter, KAFKA_FILTER_VARIABLES);
    await validateTarget(p);
    await planRanges(source, p.source);
  },

  async run(ctx) {
    const p = ctx.params;
    const source = getConnectorOf(p.source.connection, 'kafka');
    const filter = p.source.filter ? compileFilter(p.source.filter, KAFKA_FILTER_VARIABLES) : null;
    const resumed = ctx.resumeFrom as Checkpoint | null;
    const cp: Checkpoint = resumed ?? { ranges: await planRanges(source, p.source), counts: { read: 0, matched: 0, written: 0 }, targetStart: null, inFlight: null };
    const total = cp.ranges.reduce((n, r) => n + (r.end - r.start), 0);
    ctx.progress({ phase: ctx.dryRun ? 'counting' : 'replaying', total, ...cp.counts, confirmed: cp.counts.written });

    let target: ReplayTarget | null = null;
    let router: Router | null = null;
    let redo: Redo | null = null;
    let possibleDuplicates = 0;
    try {
      if (!ctx.dryRun) {
        // The source's partition count, not the highest partition replayed: a replay of partitions 0-1 of a
        // 6-partition topic into a topic it creates still gets a target shaped like its source.
        const sourcePartitions = (await partitionCount(source, p.source.topic, 'source metadata')) ?? 0;
        await createTargetIfMissing(p, Math.max(sourcePartitions, ...cp.ranges.map((r) => r.partition + 1)));
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
      await copyAll(ctx, source, cp, filter, target, router, redo);

      const details = [`read ${cp.counts.read} of ${total} in range (committed records only), ${cp.counts.matched} matched${filter ? ` "${filter.expression}"` : ''}`];
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
