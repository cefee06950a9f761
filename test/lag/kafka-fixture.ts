import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel, type Admin, type Consumer, type ConsumerConfig, type Producer } from 'kafkajs';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
export const BROKERS = ['127.0.0.1:9092'];

/** Resolves once `groupId` has committed at least `min` on every partition of `topic`. */
export async function waitForCommit(admin: Admin, groupId: string, topic: string, min = 0, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
    if (t && t.partitions.every((p) => Number(p.offset) >= min && Number(p.offset) >= 0)) return;
    await sleep(250);
  }
  throw new Error(`group ${groupId} did not commit ${min} on ${topic} within ${timeoutMs} ms`);
}

/**
 * Resolves once the group is Stable with `members` members, so state and assignment are what a test expects (a
 * busy machine can keep a group rebalancing for seconds).
 */
export async function waitForStableGroup(admin: Admin, groupId: string, members = 1, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const { groups } = await admin.describeGroups([groupId]);
    if (groups[0]?.state === 'Stable' && groups[0].members.length === members) return;
    await sleep(500);
  }
  throw new Error(`group ${groupId} did not settle within ${timeoutMs} ms`);
}

/** A kafkajs client for test data, independent of Wharf's own clients. */
export function testKafka(): Kafka {
  return new Kafka({ clientId: 'wharf-lag-test', brokers: BROKERS, logLevel: logLevel.NOTHING });
}

export const uniqueName = (what: string) => `wharf-test-${Date.now()}-${Math.random().toString(36).slice(2, 7)}-${what}`;

export type LagFixture = {
  kafka: Kafka;
  admin: Admin;
  producer: Producer;
  topics: string[];
  groups: string[];
  consumers: Consumer[];
  createTopic(partitions?: number): Promise<string>;
  produce(topic: string, count: number, partition?: number): Promise<void>;
  /** Commits `offset` for each listed partition as group `groupId`, with no member (like a finished consumer). */
  commit(groupId: string, topic: string, offsets: Array<{ partition: number; offset: number }>): Promise<void>;
  consumer(groupId: string, options?: Partial<ConsumerConfig>): Consumer;
  cleanup(): Promise<void>;
};

export async function lagFixture(): Promise<LagFixture> {
  const kafka = testKafka();
  const admin = kafka.admin();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await Promise.all([admin.connect(), producer.connect()]);
  const f: LagFixture = {
    kafka,
    admin,
    producer,
    topics: [],
    groups: [],
    consumers: [],
    async createTopic(partitions = 1) {
      const topic = uniqueName('t');
      await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
      f.topics.push(topic);
      return topic;
    },
    async produce(topic, count, partition) {
      const messages = Array.from({ length: count }, (_, i) => ({ value: `m${i}`, partition }));
      await producer.send({ topic, messages });
    },
    async commit(groupId, topic, offsets) {
      if (!f.groups.includes(groupId)) f.groups.push(groupId);
      await admin.setOffsets({ groupId, topic, partitions: offsets.map((o) => ({ partition: o.partition, offset: String(o.offset) })) });
    },
    consumer(groupId, options) {
      if (!f.groups.includes(groupId)) f.groups.push(groupId);
      const c = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1000, maxWaitTimeInMs: 200, ...options });
      f.consumers.push(c);
      return c;
    },
    async cleanup() {
      await Promise.allSettled(f.consumers.map((c) => c.disconnect()));
      if (f.groups.length) await admin.deleteGroups(f.groups).catch(() => undefined);
      if (f.topics.length) await admin.deleteTopics({ topics: f.topics }).catch(() => undefined);
      await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
    },
  };
  return f;
}

export type DescribedPartition = { topic: string; partition: number; current: number | null; end: number; lag: number | null };

/** Kafka's own view: `kafka-consumer-groups --describe --group G`, parsed. */
export async function describeWithKafkaTool(groupId: string): Promise<DescribedPartition[]> {
  const { stdout } = await run(path.join(ROOT, 'scripts/kafka.sh'), ['groups', '--describe', '--group', groupId], { cwd: ROOT, timeout: 60_000 });
  const lines = stdout.split('\n').filter((l) => l.trim() && !/^\s*GROUP\s+TOPIC/.test(l) && !l.includes('has no active members') && !l.startsWith('['));
  const num = (s: string) => (s === '-' ? null : Number(s));
  return lines
    .map((l) => l.trim().split(/\s+/))
    .filter((cols) => cols[0] === groupId && cols.length >= 6)
    .map((cols) => ({ topic: cols[1], partition: Number(cols[2]), current: num(cols[3]), end: Number(cols[4]), lag: num(cols[5]) }))
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
