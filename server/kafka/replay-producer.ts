import 'server-only';
import {
  createAPI,
  initProducerIdV0,
  initProducerIdV1,
  initProducerIdV2,
  initProducerIdV3,
  initProducerIdV4,
  initProducerIdV5,
  murmur2,
  produceV3,
  Writer,
  type Connection,
  type Producer,
} from '@platformatic/kafka';
import { NotFoundError, UnreachableError } from '../http/errors';
import { brokerVerdict, verdictForCode } from './admin-errors';
import { answerOf, clusterMetadata } from './cluster';
import type { KafkaConnector } from './connector';
import { BatchEncoder, RECORD_BATCH_HEADER_BYTES, type Provenance } from './replay-batch';
import type { ReadRecord } from './messages/to-message';

/*
 * The replay's Kafka writer: an idempotent producer (KIP-98) sending record batches Wharf encodes straight from the
 * records read (replay-batch.ts), one Produce request per leader carrying one batch for each of its partitions, up to
 * five requests in flight per leader, on the connection's job producer (its own broker connections, not the UI's).
 * Sequence numbers are ours, per partition; a batch sent again after an error keeps its sequence, so the broker
 * writes it once (DUPLICATE_SEQUENCE_NUMBER says it already has it). Kept because measured faster than the library's
 * own paths (scripts/bench/replay-writers.ts: 200,000 records of ~160 B with keys and headers, medians of 3 in one
 * run): this writer 178,589 msg/s; the library's idempotent Producer.send 82,680 with lz4 (35,499-55,782 with none,
 * gzip or zstd); the library's Produce encoding (produceV11, createRecordsBatch) pipelined five deep, 81,491 at best.
 */

/** Under the broker's default message.max.bytes (1,048,588), which limits one batch, with room to spare. */
export const MAX_BATCH_BYTES = 960 * 1024;
const ACKS_ALL = -1;
const PRODUCE_TIMEOUT_MS = 30_000;
const MAX_SEQUENCE = 2 ** 31;
const DUPLICATE_SEQUENCE = 46;
const OUT_OF_ORDER_SEQUENCE = 45;
/** Produce requests sent ahead of their answers, per leader: the most an idempotent producer may have (KIP-98). */
const MAX_IN_FLIGHT = 5;

type PartitionBatch = { partition: number; records: ReadRecord[]; bytes: Buffer | null; sequence: number };
// acks -1 always has an answer (the API types `false` for acks 0).
type ProduceAnswer = Exclude<Awaited<ReturnType<typeof produceV3.api.async>>, boolean>;

/**
 * Produce v3 (the oldest version Kafka 4 accepts, and every release since 0.11 supports) carrying batches already
 * encoded: the library's own Produce definitions encode records themselves, from objects, which is what this writer
 * exists to avoid. The answer is read by the library's own v3 parser.
 */
const produceEncoded = createAPI<[topic: string, batches: PartitionBatch[]], ProduceAnswer>(
  produceV3.api.key,
  produceV3.api.version,
  (topic: string, batches: PartitionBatch[]) => {
    const w = Writer.create().appendString(null, false).appendInt16(ACKS_ALL).appendInt32(PRODUCE_TIMEOUT_MS).appendInt32(1).appendString(topic, false).appendInt32(batches.length);
    for (const b of batches) w.appendInt32(b.partition).appendInt32(b.bytes!.length).append(b.bytes!);
    return w;
  },
  produceV3.parseResponse,
  false,
  false,
);

const INIT_PRODUCER_ID = [initProducerIdV5.api, initProducerIdV4.api, initProducerIdV3.api, initProducerIdV2.api, initProducerIdV1.api, initProducerIdV0.api];

/**
 * A producer id and epoch for an idempotent producer (no transactional id). A broker's first one may find its
 * producer-id manager still starting, so a fresh broker answers "coordinator loading" for a while: retried while the
 * broker calls it retriable. The caller bounds the whole by a timeout.
 */
async function initProducerId(connector: KafkaConnector): Promise<{ producerId: bigint; producerEpoch: number }> {
  for (let attempt = 0; ; attempt++) {
    try {
      // -1/-1: a new producer, not the bump of an earlier one's epoch (KIP-360).
      return await connector.send(null, INIT_PRODUCER_ID, null, 60_000, -1n, -1);
    } catch (e) {
      if (!brokerVerdict(e)?.retriable || attempt >= 50) throw e;
      await new Promise((r) => setTimeout(r, Math.min(1000, 100 * 2 ** Math.min(attempt, 4))));
    }
  }
}

export type KafkaWriterOptions = { topic: string; partitioning: 'keep' | 'key' | 'fixed'; partition?: number; keepTimestamp: boolean; provenance: Provenance };

/**
 * The target partition of a record, as the writer sends it: a pure function of the record and the topic's partition
 * count, so that a replay resumed after a crash can tell which messages of an interrupted batch went where. Keys go
 * where the Java client (and kafkajs, and librdkafka's murmur2 partitioner) put them: positive murmur2 modulo the
 * count. A keyless record in "key" mode goes by its source position, not by a round-robin counter a new process restarts.
 */
export function targetPartitionOf(opts: Pick<KafkaWriterOptions, 'partitioning' | 'partition'>, partitionCount: number, r: ReadRecord): number {
  if (opts.partitioning === 'keep') return r.partition;
  if (opts.partitioning === 'fixed') return opts.partition ?? 0;
  const n = Math.max(1, partitionCount);
  if (r.raw.key === null || r.raw.key === undefined) return (r.partition + r.offset) % n;
  return (murmur2(r.raw.key) & 0x7fffffff) % n;
}


/**
 * Writes record lists to one topic, idempotently, each call resolving once every record is acknowledged by all
 * in-sync replicas. Records of one source partition stay in their order within their target partition.
 */
export class KafkaBatchWriter {
  private readonly encoder: BatchEncoder;
  private readonly sequences = new Map<number, number>();
  private leaders = new Map<number, number>();
  private partitionCount = 0;
  private lastError = '';

  private constructor(
    private readonly connector: KafkaConnector,
    private readonly client: Producer,
    private readonly opts: KafkaWriterOptions,
    private readonly producerId: bigint,
    private readonly epoch: number,
  ) {
    this.encoder = new BatchEncoder(opts.provenance);
  }

  static async open(connector: KafkaConnector, opts: KafkaWriterOptions): Promise<KafkaBatchWriter> {
    const { producerId, producerEpoch } = await initProducerId(connector);
    const w = new KafkaBatchWriter(connector, connector.jobProducer(), opts, producerId, producerEpoch);
    await w.refreshLeaders();
    return w;
  }

  private where(): string {
    return `Kafka connection "${this.connector.config.id}"`;
  }

  private async refreshLeaders(): Promise<void> {
    const t = (await clusterMetadata(this.connector, [this.opts.topic])).topicMetadata.find((x) => x.topic === this.opts.topic);
    if (!t || t.topicErrorCode === 3) throw new NotFoundError(`Topic "${this.opts.topic}" does not exist on ${this.where()}`);
    this.leaders = new Map(t.partitionMetadata.map((p) => [p.partitionId, p.leader]));
    // Keys are routed by the count the writer opened with, as the replay's checkpoint recorded it: partitions added
    // during the replay must not move the rest of a key's records (nor the shares a resumed run settles by).
    this.partitionCount ||= t.partitionMetadata.length;
  }

  /** The job producer's connection to broker `leader`; its metadata is refreshed once when it does not know it yet. */
  private async connectionTo(leader: number): Promise<Connection> {
    if (leader < 0) throw new Error(`a partition of "${this.opts.topic}" has no leader`);
    let connection = (await this.client.connectToBrokers([leader])).get(leader);
    if (!connection) {
      await this.client.metadata({ topics: [], forceUpdate: true });
      connection = (await this.client.connectToBrokers([leader])).get(leader);
    }
    if (!connection) throw new Error(`broker ${leader} is not in the cluster metadata`);
    return connection;
  }

  /** Splits records per target partition, then into batches under MAX_BATCH_BYTES, in order. */
  private plan(records: ReadRecord[]): PartitionBatch[][] {
    const per = this.perPartition(records);
    // rounds[i] holds the i-th batch of every partition: one produce request (per leader) each.
    const rounds: PartitionBatch[][] = [];
    for (const [partition, list] of per) {
      let i = 0;
      let start = 0;
      let bytes = RECORD_BATCH_HEADER_BYTES;
      for (let at = 0; at < list.length; at++) {
        const size = this.encoder.sizeOf(list[at]);
        if (at > start && bytes + size > MAX_BATCH_BYTES) {
          (rounds[i++] ??= []).push({ partition, records: list.slice(start, at), bytes: null, sequence: 0 });
          start = at;
          bytes = RECORD_BATCH_HEADER_BYTES;
        }
        bytes += size;
      }
      if (start < list.length) (rounds[i] ??= []).push({ partition, records: start === 0 ? list : list.slice(start), bytes: null, sequence: 0 });
    }
    return rounds;
  }

  /** Records by target partition, in their order; slices of the list when each partition's records are together. */
  private perPartition(records: ReadRecord[]): Map<number, ReadRecord[]> {
    const targets = new Int32Array(records.length);
    for (let i = 0; i < records.length; i++) targets[i] = targetPartitionOf(this.opts, this.partitionCount, records[i]);
    const runs = new Map<number, [number, number]>();
    let together = true;
    for (let i = 0; i < records.length && together; ) {
      let j = i + 1;
      while (j < records.length && targets[j] === targets[i]) j++;
      if (runs.has(targets[i])) together = false;
      runs.set(targets[i], [i, j]);
      i = j;
    }
    const per = new Map<number, ReadRecord[]>();
    if (together) {
      for (const [p, [from, to]] of runs) per.set(p, from === 0 && to === records.length ? records : records.slice(from, to));
      return per;
    }
    for (let i = 0; i < records.length; i++) {
      let list = per.get(targets[i]);
      if (!list) per.set(targets[i], (list = []));
      list.push(records[i]);
    }
    return per;
  }

  /**
   * Writes `records`: their batches go out pipelined, up to MAX_IN_FLIGHT produce requests per leader (the broker
   * keeps the order of one connection's requests and checks each partition's sequence). After any failure, what was
   * not acknowledged is sent again in order, one request at a time, with the same sequences.
   */
  async write(records: ReadRecord[], deadlineMs: number): Promise<void> {
    const rounds = this.plan(records);
    for (const round of rounds) {
      for (const b of round) {
        b.sequence = this.sequences.get(b.partition) ?? 0;
        this.sequences.set(b.partition, (b.sequence + b.records.length) % MAX_SEQUENCE);
      }
    }
    const unconfirmed = new Set<PartitionBatch>();
    const inFlight = new Map<number, Promise<void>[]>();
    let fatal: unknown = null;
    for (const round of rounds) {
      if (fatal) break;
      await Promise.all(round.map(async (b) => (b.bytes = await this.encodeBatch(b))));
      for (const [leader, list] of this.byLeader(round)) {
        const queue = inFlight.get(leader) ?? [];
        inFlight.set(leader, queue);
        if (queue.length >= MAX_IN_FLIGHT) await queue.shift();
        const sent = this.sendOnce(leader, list).then(
          (failed) => failed.forEach((b) => unconfirmed.add(b)),
          (e: unknown) => {
            fatal ??= e;
          },
        );
        queue.push(sent);
      }
    }
    await Promise.all([...inFlight.values()].flat());
    if (fatal) throw fatal;
    for (const round of rounds) {
      const again = round.filter((b) => unconfirmed.has(b));
      for (const b of again) b.bytes ??= await this.encodeBatch(b);
      if (again.length) await this.send(again, deadlineMs);
      for (const b of round) b.bytes = null;
    }
  }

  private async encodeBatch(b: PartitionBatch): Promise<Buffer> {
    return this.encoder.compress(this.encoder.encode(b.records, this.opts.keepTimestamp, this.producerId, this.epoch, b.sequence, false));
  }

  private byLeader(batches: PartitionBatch[]): Map<number, PartitionBatch[]> {
    const out = new Map<number, PartitionBatch[]>();
    for (const b of batches) {
      const leader = this.leaders.get(b.partition);
      if (leader === undefined) throw new NotFoundError(`Topic "${this.opts.topic}" has no partition ${b.partition} on ${this.where()}`);
      let list = out.get(leader);
      if (!list) out.set(leader, (list = []));
      list.push(b);
    }
    return out;
  }

  /** One produce request; resolves to the batches not acknowledged (sent again later), throws on fatal errors. */
  private async sendOnce(leader: number, list: PartitionBatch[]): Promise<PartitionBatch[]> {
    let answer: ProduceAnswer;
    try {
      const connection = await this.connectionTo(leader);
      answer = await produceEncoded.async(connection, this.opts.topic, list);
    } catch (e) {
      const partial = answerOf<ProduceAnswer>(e);
      if (!partial) {
        // Not an answer: the connection failed or timed out. What it carried may have landed or not: sending it
        // again with the same sequences settles it either way.
        this.lastError = brokerVerdict(e)?.id ?? (e instanceof Error ? e.message : String(e));
        return list;
      }
      answer = partial;
    }
    const codes = new Map<number, number>();
    for (const t of answer.responses) for (const p of t.partitionResponses) codes.set(p.index, p.errorCode);
    const failed: PartitionBatch[] = [];
    for (const b of list) {
      const code = codes.get(b.partition) ?? -1;
      if (code === 0 || code === DUPLICATE_SEQUENCE) continue;
      const verdict = verdictForCode(code);
      // Out of order here follows an earlier batch's failure: sent again after it, it lands in order.
      if (code !== OUT_OF_ORDER_SEQUENCE && code !== -1 && !verdict.retriable) {
        throw new UnreachableError(`Writing to "${this.opts.topic}" partition ${b.partition} on ${this.where()} failed: ${verdict.id} (${verdict.message})`);
      }
      this.lastError = code === -1 ? `no answer for partition ${b.partition}` : verdict.id;
      failed.push(b);
    }
    return failed;
  }

  /** Sends the batches (one request per leader, in parallel), again with the same sequence after retriable errors. */
  private async send(batches: PartitionBatch[], deadlineMs: number): Promise<void> {
    let pending = batches;
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 0) {
        if (Date.now() > deadlineMs) throw new UnreachableError(`Writing to "${this.opts.topic}" on ${this.where()} failed: ${this.lastError}`);
        await new Promise((r) => setTimeout(r, Math.min(1000, 100 * 2 ** Math.min(attempt, 4))));
      }
      try {
        await this.refreshLeaders();
      } catch (e) {
        if (e instanceof NotFoundError) throw e;
        this.lastError = e instanceof Error ? e.message : String(e);
        continue;
      }
      const results = await Promise.all([...this.byLeader(pending)].map(([leader, list]) => this.sendOnce(leader, list)));
      pending = results.flat();
      // A batch refused as out of order when sent alone, after its predecessors landed, will never land.
      if (pending.length && this.lastError === 'OUT_OF_ORDER_SEQUENCE_NUMBER') {
        throw new UnreachableError(`Writing to "${this.opts.topic}" on ${this.where()} failed: OUT_OF_ORDER_SEQUENCE_NUMBER`);
      }
    }
  }
}

