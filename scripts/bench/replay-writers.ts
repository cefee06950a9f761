// Replay writers compared on one machine, in one run: a topic of N messages (~200 B, keys and headers) read once
// into memory, then written to a fresh topic by each writer as a replay writes (batches of up to 50,000 records, one
// slice per source partition, provenance headers added), beside kcat -C | kcat -P of the same topic.
//   node --conditions=react-server --import tsx scripts/bench/replay-writers.ts [--messages 200000] [--runs 3]
// Writers: "wharf" is server/kafka/replay-producer.ts (own record encoding, gzip level 1 off the event loop, five
// Produce requests in flight); "library-producer:<codec>" is @platformatic/kafka's idempotent Producer.send;
// "library-produce:<codec>" is the library's own Produce encoding (produceV* with its createRecordsBatch) pipelined
// five deep by hand. The read of the source is timed too, with the library's Fetch.
//   --job: the whole replay instead, read and write, as the job runs it (server/jobs/kafka-replay.ts: plan, read
//   committed through messages/read.ts, filter none, write, checkpoints, final check), beside kcat -C | kcat -P.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import {
  Admin,
  compatibilityPartitioner,
  fetchV12,
  NumericMap,
  ProduceAcks,
  Producer,
  produceV11,
  produceV9,
  type CompressionAlgorithmValue,
  type MessageRecord,
} from '@platformatic/kafka';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kafkaReplayParamsSchema } from '@/lib/contracts/jobs';
import { KafkaConnector } from '@/server/kafka/connector';
import type { ReadRecord } from '@/server/kafka/messages/to-message';
import { KafkaBatchWriter, targetPartitionOf } from '@/server/kafka/replay-producer';

const { values: opts } = parseArgs({
  options: {
    bootstrap: { type: 'string', default: process.env.WHARF_TEST_KAFKA ?? '127.0.0.1:9092' },
    messages: { type: 'string', default: '200000' },
    partitions: { type: 'string', default: '4' },
    runs: { type: 'string', default: '3' },
    only: { type: 'string' },
    job: { type: 'boolean', default: false },
    /** An existing source topic of --messages records in --partitions partitions: kept, not produced. */
    source: { type: 'string' },
    'no-kcat': { type: 'boolean', default: false },
  },
});
const BOOTSTRAP = opts.bootstrap!;
const N = Number(opts.messages);
const PARTITIONS = Number(opts.partitions);
const RUNS = Number(opts.runs);
const BATCH = 50_000;
const stamp = `${Date.now()}`;
const source = opts.source ?? `bench-writers-src-${stamp}`;
const base = { clientId: 'wharf-bench-writers', bootstrapBrokers: [BOOTSTRAP], autocreateTopics: false, timeout: 30_000, requestTimeout: 60_000 };

const admin = new Admin(base);

async function createTopic(topic: string): Promise<void> {
  await admin.createTopics({ topics: [topic], partitions: PARTITIONS, replicas: 1 });
  for (let i = 0; i < 300; i++) {
    const meta = await admin.metadata({ topics: [topic], forceUpdate: true }).catch(() => null);
    if (meta?.topics.get(topic)?.partitions.every((p) => p.leader >= 0)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no leaders for ${topic}`);
}

async function endOffsets(topic: string): Promise<number> {
  const [listed] = await admin.listOffsets({ topics: [{ name: topic, partitions: Array.from({ length: PARTITIONS }, (_, partitionIndex) => ({ partitionIndex, timestamp: -1n })) }] });
  return listed.partitions.reduce((n, p) => n + Number(p.offset), 0);
}

const value = (i: number) =>
  JSON.stringify({ id: i, level: i % 100 === 0 ? 'error' : 'info', user: ['ana', 'bo', 'chen', 'dara'][i % 4], amount: (i % 9973) / 100, note: `order ${i} processed by worker ${i % 17} in region eu-west-${i % 3}, batch ${i % 251}` });

async function produceSource(): Promise<void> {
  if (opts.source) return;
  await createTopic(source);
  const producer = new Producer({ ...base, acks: ProduceAcks.ALL, partitioner: compatibilityPartitioner });
  try {
    for (let from = 0; from < N; from += 5000) {
      const messages = [];
      for (let i = from; i < Math.min(N, from + 5000); i++) {
        messages.push({
          topic: source,
          partition: i % PARTITIONS,
          key: Buffer.from(`order-${i}`),
          value: Buffer.from(value(i)),
          headers: new Map([
            [Buffer.from('seq'), Buffer.from(String(i))],
            [Buffer.from('content-type'), Buffer.from('application/json')],
          ]),
        });
      }
      await producer.send({ messages });
    }
  } finally {
    await producer.close();
  }
}

/** The whole source as a replay reads it, through the library's Fetch (v12: topics by name), one partition at a time. */
async function readSource(): Promise<ReadRecord[][]> {
  const { nodeId, connection } = await (async () => {
    const meta = await admin.metadata({ topics: [source] });
    const leader = meta.topics.get(source)!.partitions[0].leader;
    return { nodeId: leader, connection: (await admin.connectToBrokers([leader])).get(leader)! };
  })();
  void nodeId;
  const out: ReadRecord[][] = [];
  for (let p = 0; p < PARTITIONS; p++) {
    const list: ReadRecord[] = [];
    let offset = 0n;
    for (;;) {
      const r = await fetchV12.api.async(connection, 0, 1, 16 << 20, 1, 0, -1, [{ topicId: source, partitions: [{ partition: p, currentLeaderEpoch: -1, fetchOffset: offset, lastFetchedEpoch: -1, partitionMaxBytes: 4 << 20 }] }], [], '');
      const part = r.responses[0].partitions[0];
      const before = list.length;
      for (const b of part.records ?? []) {
        for (const rec of b.records) {
          const at = b.firstOffset + BigInt(rec.offsetDelta);
          if (at < offset) continue;
          const headers: Record<string, Buffer | Buffer[] | null> = {};
          for (const [k, v] of rec.headers) headers[k!.toString()] = v;
          list.push({ partition: p, offset: Number(at), timestamp: Number(b.firstTimestamp + rec.timestampDelta), timestampType: 'create', raw: { key: rec.key, value: rec.value, headers } } as ReadRecord);
        }
      }
      if (list.length === before) break;
      offset = BigInt(list[list.length - 1].offset + 1);
    }
    out.push(list);
  }
  return out;
}

/** Batches as a replay cuts them: up to BATCH records, an equal slice of each partition, in offset order. */
function batches(perPartition: ReadRecord[][]): ReadRecord[][] {
  const out: ReadRecord[][] = [];
  const quota = Math.ceil(BATCH / perPartition.length);
  const longest = Math.max(...perPartition.map((l) => l.length));
  for (let at = 0; at < longest; at += quota) out.push(perPartition.flatMap((l) => l.slice(at, at + quota)));
  return out;
}

const PROVENANCE = { connection: 'bench', topic: source };

function provenanceMap(r: ReadRecord): Map<Buffer, Buffer> {
  const h = new Map<Buffer, Buffer>();
  for (const [k, v] of Object.entries(r.raw.headers)) {
    for (const one of Array.isArray(v) ? v : [v]) if (one) h.set(Buffer.from(k), one);
  }
  h.set(Buffer.from('wharf-source-connection'), Buffer.from(PROVENANCE.connection));
  h.set(Buffer.from('wharf-source-topic'), Buffer.from(PROVENANCE.topic));
  h.set(Buffer.from('wharf-source-partition'), Buffer.from(String(r.partition)));
  h.set(Buffer.from('wharf-source-offset'), Buffer.from(String(r.offset)));
  return h;
}

/** Per-partition chunks of about 900 KiB uncompressed, so that no batch passes the broker's 1 MiB. */
function chunks<T>(records: ReadRecord[], map: (r: ReadRecord) => T): T[][] {
  const per = new Map<number, { list: T[]; bytes: number }[]>();
  for (const r of records) {
    const p = targetPartitionOf({ partitioning: 'keep' }, PARTITIONS, r);
    const lists = per.get(p) ?? [{ list: [], bytes: 0 }];
    per.set(p, lists);
    let last = lists[lists.length - 1];
    const size = 150 + (r.raw.key?.length ?? 0) + (r.raw.value?.length ?? 0);
    if (last.bytes + size > 900 * 1024) lists.push((last = { list: [], bytes: 0 }));
    last.list.push(map(r));
    last.bytes += size;
  }
  // Round i: the i-th chunk of every partition.
  const rounds: T[][] = [];
  for (const lists of per.values()) lists.forEach((c, i) => (rounds[i] ??= []).push(...c.list));
  return rounds;
}

type Writer = { name: string; open(topic: string): Promise<{ write(batch: ReadRecord[]): Promise<void>; close(): Promise<void> }> };

const wharf: Writer = {
  name: 'wharf (own encoding, gzip-1 async, 5 in flight)',
  async open(topic) {
    const connector = new KafkaConnector({ id: 'bench', name: 'bench', kind: 'kafka', brokers: [BOOTSTRAP], clientId: 'wharf-bench', readOnly: false } as never);
    const w = await KafkaBatchWriter.open(connector, { topic, partitioning: 'keep', keepTimestamp: false, provenance: PROVENANCE });
    return { write: (b) => w.write(b, Date.now() + 60_000), close: () => connector.close() };
  },
};

const libraryProducer = (compression: CompressionAlgorithmValue): Writer => ({
  name: `library Producer.send idempotent, ${compression}`,
  async open(topic) {
    const producer = new Producer({ ...base, idempotent: true, compression });
    return {
      async write(batch) {
        // Every chunk's send at once: the library queues them (an idempotent producer has one request in flight).
        await Promise.all(chunks(batch, (r) => ({ topic, partition: r.partition, key: r.raw.key ?? undefined, value: r.raw.value ?? undefined, headers: provenanceMap(r) })).map((messages) => producer.send({ messages })));
      },
      close: () => producer.close(),
    };
  },
});

const libraryProduce = (compression: CompressionAlgorithmValue): Writer => ({
  name: `library Produce encoding (produceV11), ${compression}, 5 in flight`,
  async open(topic) {
    const client = new Producer({ ...base, acks: ProduceAcks.ALL });
    const info = await client.initIdempotentProducer({});
    const meta = await client.metadata({ topics: [topic] });
    const leader = meta.topics.get(topic)!.partitions[0].leader;
    const connection = (await client.connectToBrokers([leader])).get(leader)!;
    const sequences = new NumericMap();
    return {
      async write(batch) {
        const inFlight: Promise<unknown>[] = [];
        for (const messages of chunks<MessageRecord>(batch, (r) => ({ topic, partition: r.partition, key: r.raw.key ?? undefined, value: r.raw.value!, headers: provenanceMap(r) }))) {
          const snapshot = new NumericMap();
          const counts = new Map<string, number>();
          for (const m of messages) counts.set(`${topic}:${m.partition}`, (counts.get(`${topic}:${m.partition}`) ?? 0) + 1);
          for (const [k, n] of counts) snapshot.set(k, sequences.postIncrement(k, n, 0));
          if (inFlight.length >= 5) await inFlight.shift();
          const api = compression === 'gzip' ? produceV11.api : produceV9.api;
          inFlight.push(api.async(connection, -1, 30_000, messages, { producerId: info.producerId, producerEpoch: info.producerEpoch, sequences: snapshot, compression }));
        }
        await Promise.all(inFlight);
      },
      close: () => client.close(),
    };
  },
});

async function timeWriter(w: Writer, data: ReadRecord[][]): Promise<number> {
  const topic = `bench-writers-dst-${stamp}-${Math.random().toString(36).slice(2, 7)}`;
  await createTopic(topic);
  try {
    const writer = await w.open(topic);
    const started = performance.now();
    for (const b of batches(data)) await writer.write(b);
    const ms = performance.now() - started;
    await writer.close();
    const written = await endOffsets(topic);
    if (written !== N) throw new Error(`${w.name} wrote ${written} of ${N}`);
    return N / (ms / 1000);
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  }
}

function sh(command: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('bash', ['-c', command], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${command}: exit ${code}`))));
  });
}

/** The replay job's handler, run as the job runner runs it (checkpoints kept in memory), from start to its result. */
async function timeJob(): Promise<number> {
  const topic = `bench-writers-job-${stamp}-${Math.random().toString(36).slice(2, 7)}`;
  await createTopic(topic);
  try {
    const { kafkaReplay } = await import('@/server/jobs/kafka-replay');
    const params = kafkaReplayParamsSchema.parse({ kind: 'kafka-replay', source: { connection: 'bench', topic: source }, target: { kind: 'kafka', connection: 'bench', topic } });
    const started = performance.now();
    const result = await kafkaReplay.run({ id: `bench-${topic}`, params, dryRun: false, resumeFrom: null, signal: new AbortController().signal, progress: () => undefined, checkpoint: async () => undefined });
    const ms = performance.now() - started;
    if (!result.verified) throw new Error(`replay not verified: ${result.details.join('; ')}`);
    const written = await endOffsets(topic);
    if (written !== N) throw new Error(`replay wrote ${written} of ${N}`);
    return N / (ms / 1000);
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  }
}

async function timeKcat(): Promise<number> {
  const topic = `bench-writers-kcat-${stamp}-${Math.random().toString(36).slice(2, 7)}`;
  await createTopic(topic);
  try {
    // Keys go through (-K); kcat -P cannot give each message its own headers, so the copy carries none.
    const ms = await sh(`kcat -C -b ${BOOTSTRAP} -t ${source} -o beginning -e -q -f '%k\\t%s\\n' | kcat -P -b ${BOOTSTRAP} -t ${topic} -K '\\t'`);
    const written = await endOffsets(topic);
    if (written !== N) throw new Error(`kcat wrote ${written} of ${N}`);
    return N / (ms / 1000);
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x: number) => `${Math.round(x).toLocaleString('en')} msg/s`;

async function mainJob() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wharf-bench-writers-'));
  writeFileSync(path.join(dir, 'wharf.yaml'), `connections:\n  - { id: bench, kind: kafka, brokers: ["${BOOTSTRAP}"] }\n`);
  process.env.WHARF_CONFIG = path.join(dir, 'wharf.yaml');
  await produceSource();
  try {
    const job: number[] = [];
    const kcat: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // Pairs in alternating order, so that neither side always runs just after the other's writes.
      if (opts['no-kcat']) job.push(await timeJob());
      else if (run % 2 === 0) {
        kcat.push(await timeKcat());
        job.push(await timeJob());
      } else {
        job.push(await timeJob());
        kcat.push(await timeKcat());
      }
      console.log(`run ${run + 1}: replay job ${fmt(job[run])}, kcat -C | kcat -P ${kcat.length ? `${fmt(kcat[run])} (${(job[run] / kcat[run]).toFixed(2)}x)` : '-'}`);
    }
    const ratios = job.map((j, i) => j / kcat[i]);
    console.log(`\nmedians of ${RUNS} runs, ${N} messages topic -> topic: replay job ${fmt(median(job))}, kcat -C -e | kcat -P ${fmt(median(kcat))}: ${(median(job) / median(kcat)).toFixed(2)}x (median of the pairs' ratios ${median(ratios).toFixed(2)}x)`);
  } finally {
    if (!opts.source) await admin.deleteTopics({ topics: [source] }).catch(() => undefined);
    await admin.close();
  }
}

async function main() {
  if (opts.job) return mainJob();
  await produceSource();
  try {
    const readStarted = performance.now();
    const data = await readSource();
    const readRate = N / ((performance.now() - readStarted) / 1000);
    const count = data.reduce((n, l) => n + l.length, 0);
    if (count !== N) throw new Error(`read ${count} of ${N}`);
    const sample = data[0][1];
    console.log(`source ${source}: ${N} messages in ${PARTITIONS} partitions, ~${sample.raw.key!.length + sample.raw.value!.length + Object.entries(sample.raw.headers).reduce((n, [k, v]) => n + k.length + ((v as Buffer | null)?.length ?? 0), 0)} B each with key and 2 headers; read into memory at ${fmt(readRate)}`);
    const writers: Writer[] = [wharf, ...(['none', 'gzip', 'lz4', 'zstd'] as const).flatMap((c) => [libraryProducer(c), libraryProduce(c)])].filter((w) => !opts.only || w.name.includes(opts.only));
    const results = new Map<string, number[]>();
    const kcat: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      kcat.push(await timeKcat());
      for (const w of writers) {
        const rate = await timeWriter(w, data).catch((e: unknown) => {
          console.log(`${w.name}: failed: ${String(e)}`);
          return NaN;
        });
        results.set(w.name, [...(results.get(w.name) ?? []), rate]);
        console.log(`run ${run + 1} ${w.name}: ${fmt(rate)}`);
      }
      console.log(`run ${run + 1} kcat -C | kcat -P: ${fmt(kcat[kcat.length - 1])}`);
    }
    console.log(`\nmedians of ${RUNS} runs (write only, records in memory):`);
    for (const [name, rates] of results) console.log(`  ${name}: ${fmt(median(rates))} (${(median(rates) / median(kcat)).toFixed(2)}x kcat)`);
    console.log(`  kcat -C -e | kcat -P (read + write): ${fmt(median(kcat))}`);
  } finally {
    await admin.deleteTopics({ topics: [source] }).catch(() => undefined);
    await admin.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
