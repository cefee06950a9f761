import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Admin, compatibilityPartitioner, ProduceAcks, Producer, type BaseOptions, type MessageToProduce, type Partitioner } from '@platformatic/kafka';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

/** The broker the tests talk to; WHARF_TEST_KAFKA points a test run at another one (e.g. Kafka 3.9 on :9392). */
export const BOOTSTRAP = process.env.WHARF_TEST_KAFKA ?? '127.0.0.1:9092';

export const uniqueName = (label: string) => `wharf-test-${Date.now()}-${Math.random().toString(36).slice(2, 7)}-${label}`;

/** Options of every test client: independent of Wharf's own clients, and never creating a topic by accident. */
export function testClientOptions(clientId = 'wharf-test'): BaseOptions {
  return { clientId, bootstrapBrokers: [BOOTSTRAP], autocreateTopics: false, timeout: 30_000, requestTimeout: 60_000 };
}

export function testAdmin(clientId?: string): Admin {
  return new Admin(testClientOptions(clientId));
}

/**
 * Where Java clients (and kafkajs) put a message with no explicit partition: a key by Kafka's murmur2 hash
 * (platformatic's default hashes differently; its compatibility partitioner is Kafka's), no key round robin (the
 * compatibility partitioner alone would send them all to partition 0). The producer takes the result modulo the
 * partition count.
 */
function javaPartitioner(): Partitioner<Buffer, Buffer, Buffer, Buffer> {
  let next = Math.floor(Math.random() * 1024);
  return (message, key) => (key ? compatibilityPartitioner(message, key) : next++);
}

/** A producer writing to every in-sync replica. */
export function testProducer(clientId?: string): Producer {
  return new Producer({ ...testClientOptions(clientId), acks: ProduceAcks.ALL, partitioner: javaPartitioner() });
}

/**
 * `argv` for `bash` to run one of Kafka's own tools against BOOTSTRAP: scripts/kafka.sh's `topics` and `groups`
 * presets always name the local node, so the tools are started by class with the bootstrap given here.
 */
export function kafkaToolArgs(tool: 'topics' | 'groups', args: string[]): string[] {
  const main = tool === 'topics' ? 'org.apache.kafka.tools.TopicCommand' : 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand';
  return [path.join(ROOT, 'scripts/kafka.sh'), 'class', main, '--bootstrap-server', BOOTSTRAP, ...args];
}

export async function withAdmin<T>(fn: (a: Admin) => Promise<T>): Promise<T> {
  const admin = testAdmin();
  try {
    return await fn(admin);
  } finally {
    await admin.close();
  }
}

/** Resolves once every partition of `topics` has a leader (a topic just created has none for a moment). */
export async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < until) {
    try {
      const meta = await admin.metadata({ topics, forceUpdate: true });
      if (topics.every((t) => meta.topics.get(t)?.partitions.every((p) => p.leader >= 0))) return;
    } catch (e) {
      // Unknown topic or no leader yet: the controller has not told this broker about the topic so far.
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no leaders for ${topics.join(', ')} within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}

export async function createTopic(topic: string, numPartitions = 1, configEntries: { name: string; value: string }[] = []) {
  await withAdmin(async (a) => {
    await a.createTopics({ topics: [topic], partitions: numPartitions, replicas: 1, configs: configEntries });
    await waitForLeaders(a, [topic]);
  });
}

export async function deleteTopics(...topics: string[]) {
  // Best effort: a topic the test already deleted (or never created) is fine.
  await withAdmin((a) => a.deleteTopics({ topics })).catch(() => undefined);
}

export async function deleteGroups(...groups: string[]) {
  // Best effort, as deleteTopics: a group that never committed does not exist.
  await withAdmin((a) => a.deleteGroups({ groups })).catch(() => undefined);
}

/** Commits offsets for `groupId` with no member (an OffsetCommit with generation -1), as a finished consumer leaves them. */
export async function commitOffsets(groupId: string, topic: string, offsets: Array<{ partition: number; offset: number | string | bigint }>) {
  await withAdmin((a) =>
    a.alterConsumerGroupOffsets({ groupId, topics: [{ name: topic, partitionOffsets: offsets.map((o) => ({ partition: o.partition, offset: BigInt(o.offset) })) }] }),
  );
}

export type PartitionOffsets = { partition: number; low: number; high: number };

/** Low and high watermark of every partition of `topic`. */
export async function topicOffsets(admin: Admin, topic: string): Promise<PartitionOffsets[]> {
  const meta = await admin.metadata({ topics: [topic], forceUpdate: true });
  const count = meta.topics.get(topic)?.partitionsCount ?? 0;
  const at = async (timestamp: bigint) => {
    const [listed] = await admin.listOffsets({ topics: [{ name: topic, partitions: Array.from({ length: count }, (_, partitionIndex) => ({ partitionIndex, timestamp })) }] });
    return new Map(listed?.partitions.map((p) => [p.partitionIndex, Number(p.offset)]));
  };
  // ListOffsets timestamps: -2 is the earliest offset, -1 the next one to be written.
  const [low, high] = await Promise.all([at(-2n), at(-1n)]);
  return Array.from({ length: count }, (_, partition) => ({ partition, low: low.get(partition) ?? 0, high: high.get(partition) ?? 0 }));
}

/** A message as the tests write it; kafkajs's shape, which the tests were written against. */
export type TestMessage = {
  key?: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Record<string, string | Buffer>;
  partition?: number;
  /** Milliseconds since the epoch, as a string. */
  timestamp?: string;
};

const bytes = (v: string | Buffer | null | undefined) => (v == null ? undefined : Buffer.isBuffer(v) ? v : Buffer.from(v));

/** Builds the platformatic record of a TestMessage: Buffers throughout (the producer has no serialisers). */
export function toRecord(topic: string, m: TestMessage): MessageToProduce {
  const headers = m.headers ? new Map(Object.entries(m.headers).map(([k, v]) => [Buffer.from(k), bytes(v)!])) : undefined;
  return { topic, key: bytes(m.key), value: bytes(m.value), headers, partition: m.partition, timestamp: m.timestamp === undefined ? undefined : BigInt(m.timestamp) };
}

/**
 * A record's timestamp is written as a delta from its batch's first one, and @platformatic/dynamic-buffer 0.3.1
 * zigzag-encodes that varlong with a 32-bit shift: a delta of 2^31 ms (about 25 days) or more comes out wrong. No
 * send of produce() spans that much.
 */
const MAX_TIMESTAMP_SPAN = 2n ** 31n - 1n;

/** Sends of at most 1000 messages, one after another, so each partition gets them in the order given. */
export async function produce(topic: string, messages: TestMessage[]) {
  const producer = testProducer();
  try {
    let batch: MessageToProduce[] = [];
    let min = 0n;
    let max = 0n;
    for (const m of messages) {
      // Stamped here rather than by the client, so that the span of a send is known before it is made.
      const record = { ...toRecord(topic, m), timestamp: m.timestamp === undefined ? BigInt(Date.now()) : BigInt(m.timestamp) };
      const ts = record.timestamp;
      if (batch.length > 0 && (batch.length >= 1000 || (ts > max ? ts : max) - (ts < min ? ts : min) > MAX_TIMESTAMP_SPAN)) {
        await producer.send({ messages: batch });
        batch = [];
      }
      if (batch.length === 0) min = max = ts;
      min = ts < min ? ts : min;
      max = ts > max ? ts : max;
      batch.push(record);
    }
    if (batch.length > 0) await producer.send({ messages: batch });
  } finally {
    await producer.close();
  }
}

/** kcat, the reference client: consume a partition from `offset` to its end and return each line of `format`. */
export async function kcatConsume(topic: string, partition: number, offset: string, format = '%o\\n'): Promise<string[]> {
  const { stdout } = await run('kcat', ['-b', BOOTSTRAP, '-C', '-t', topic, '-p', String(partition), '-o', offset, '-e', '-q', '-f', format], {
    maxBuffer: 256 * 1024 * 1024,
    timeout: 60_000,
  });
  return stdout.split('\n').filter(Boolean);
}
