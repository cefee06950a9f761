import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Consumer, MessagesStreamFallbackModes, MessagesStreamModes, type Admin, type Producer } from '@platformatic/kafka';
import { BOOTSTRAP, commitOffsets, kafkaToolArgs, testAdmin, testClientOptions, testProducer, toRecord, uniqueName, waitForLeaders } from '../support/kafka';

const run = promisify(execFile);
export const BROKERS = [BOOTSTRAP];
export { uniqueName };

/** Committed offset of every partition of `topic` for `groupId`; -1 where it has none. */
async function committed(admin: Admin, groupId: string, topic: string): Promise<number[]> {
  const meta = await admin.metadata({ topics: [topic] });
  const partitionIndexes = Array.from({ length: meta.topics.get(topic)?.partitionsCount ?? 0 }, (_, i) => i);
  const [group] = await admin.listConsumerGroupOffsets({ groups: [{ groupId, topics: [{ name: topic, partitionIndexes }] }] });
  const byPartition = new Map(group?.topics.find((t) => t.name === topic)?.partitions.map((p) => [p.partitionIndex, Number(p.committedOffset)]));
  return partitionIndexes.map((p) => byPartition.get(p) ?? -1);
}

/** Resolves once `groupId` has committed at least `min` on every partition of `topic`. */
export async function waitForCommit(admin: Admin, groupId: string, topic: string, min = 0, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const offsets = await committed(admin, groupId, topic);
    if (offsets.length > 0 && offsets.every((o) => o >= min && o >= 0)) return;
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
    const group = (await admin.describeGroups({ groups: [groupId] })).get(groupId);
    if (group?.state === 'Stable' && group.members.size === members) return;
    await sleep(500);
  }
  throw new Error(`group ${groupId} did not settle within ${timeoutMs} ms`);
}

export type ConsumerSettings = { sessionTimeout?: number; heartbeatInterval?: number; maxWaitTimeInMs?: number; maxBytesPerPartition?: number };
export type EachMessage = (payload: { topic: string; partition: number; message: { offset: string; key: Buffer | null; value: Buffer | null } }) => Promise<void>;

/**
 * A real group member (platformatic Consumer, classic protocol) driven the way the lag tests drive one: subscribe,
 * run a handler over the messages one at a time, disconnect. It commits after each handled message unless
 * `autoCommit: false`, then only what `commitOffsets` is given. platformatic's own autocommit is not used: it
 * commits what was fetched, not what was handled, and a slow or stuck consumer would show no lag.
 */
export type FixtureConsumer = {
  connect(): Promise<void>;
  subscribe(s: { topic: string; fromBeginning?: boolean }): Promise<void>;
  /** `autoCommitThreshold` is accepted for the tests that pass it: every handled message is committed anyway. */
  run(r: { autoCommit?: boolean; autoCommitThreshold?: number; eachMessage: EachMessage }): Promise<void>;
  /** Commits `offset` (the next one to read) on each partition, as this member. */
  commitOffsets(offsets: Array<{ topic: string; partition: number; offset: string }>): Promise<void>;
  disconnect(): Promise<void>;
};

function fixtureConsumer(groupId: string, settings: ConsumerSettings = {}): FixtureConsumer {
  const consumer = new Consumer({
    ...testClientOptions('wharf-lag-test'),
    groupId,
    sessionTimeout: settings.sessionTimeout ?? 10_000,
    heartbeatInterval: settings.heartbeatInterval ?? 1000,
    maxWaitTime: settings.maxWaitTimeInMs ?? 200,
    ...(settings.maxBytesPerPartition === undefined ? {} : { maxBytesPerPartition: settings.maxBytesPerPartition }),
  });
  const topics: string[] = [];
  let fromBeginning = false;
  let closing = false;
  return {
    async connect() {
      // platformatic connects on first use; the member joins in run().
    },
    async subscribe(s) {
      topics.push(s.topic);
      fromBeginning = fromBeginning || !!s.fromBeginning;
    },
    async run({ autoCommit = true, eachMessage }) {
      const stream = await consumer.consume({
        topics,
        autocommit: false,
        mode: MessagesStreamModes.COMMITTED,
        fallbackMode: fromBeginning ? MessagesStreamFallbackModes.EARLIEST : MessagesStreamFallbackModes.LATEST,
      });
      void (async () => {
        for await (const m of stream) {
          // Leaving the loop destroys the stream: what it has buffered is not handled after a disconnect.
          if (closing) break;
          await eachMessage({ topic: m.topic, partition: m.partition, message: { offset: String(m.offset), key: m.key ?? null, value: m.value ?? null } });
          if (autoCommit && !closing) await m.commit();
        }
      })().catch((e: unknown) => {
        if (!closing) console.error(`[lag fixture] consumer ${groupId} stopped: ${String(e)}`);
      });
    },
    async commitOffsets(offsets) {
      await consumer.commit({ offsets: offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: BigInt(o.offset), leaderEpoch: -1 })) });
    },
    async disconnect() {
      closing = true;
      // Closes the stream and leaves the group, so the member goes at once instead of after its session timeout.
      await consumer.close(true);
    },
  };
}

export type LagFixture = {
  admin: Admin;
  producer: Producer;
  topics: string[];
  groups: string[];
  consumers: FixtureConsumer[];
  createTopic(partitions?: number): Promise<string>;
  produce(topic: string, count: number, partition?: number): Promise<void>;
  /** Like produce, each value the time of sending (ms since the epoch), for consumers that read with a set latency. */
  produceStamped(topic: string, count: number): Promise<void>;
  /** Commits `offset` for each listed partition as group `groupId`, with no member (like a finished consumer). */
  commit(groupId: string, topic: string, offsets: Array<{ partition: number; offset: number }>): Promise<void>;
  consumer(groupId: string, options?: ConsumerSettings): FixtureConsumer;
  cleanup(): Promise<void>;
};

export async function lagFixture(): Promise<LagFixture> {
  const admin = testAdmin('wharf-lag-test');
  const producer = testProducer('wharf-lag-test');
  const f: LagFixture = {
    admin,
    producer,
    topics: [],
    groups: [],
    consumers: [],
    async createTopic(partitions = 1) {
      const topic = uniqueName('t');
      await admin.createTopics({ topics: [topic], partitions, replicas: 1 });
      f.topics.push(topic);
      await waitForLeaders(admin, [topic]);
      return topic;
    },
    async produce(topic, count, partition) {
      const messages = Array.from({ length: count }, (_, i) => toRecord(topic, { value: `m${i}`, partition }));
      await producer.send({ messages });
    },
    async produceStamped(topic, count) {
      const sentAt = String(Date.now());
      await producer.send({ messages: Array.from({ length: count }, () => toRecord(topic, { value: sentAt })) });
    },
    async commit(groupId, topic, offsets) {
      if (!f.groups.includes(groupId)) f.groups.push(groupId);
      await commitOffsets(groupId, topic, offsets);
    },
    consumer(groupId, options) {
      if (!f.groups.includes(groupId)) f.groups.push(groupId);
      const c = fixtureConsumer(groupId, options);
      f.consumers.push(c);
      return c;
    },
    async cleanup() {
      await Promise.allSettled(f.consumers.map((c) => c.disconnect()));
      // Best effort: a group that never committed, or a topic a test deleted, is already gone.
      if (f.groups.length) await admin.deleteGroups({ groups: f.groups }).catch(() => undefined);
      if (f.topics.length) await admin.deleteTopics({ topics: f.topics }).catch(() => undefined);
      await Promise.allSettled([producer.close(), admin.close()]);
    },
  };
  return f;
}

export type DescribedPartition = { topic: string; partition: number; current: number | null; end: number; lag: number | null };

/** Kafka's own view: `kafka-consumer-groups --describe --group G`, parsed. */
export async function describeWithKafkaTool(groupId: string): Promise<DescribedPartition[]> {
  const { stdout } = await run('bash', kafkaToolArgs('groups', ['--describe', '--group', groupId]), { timeout: 60_000 });
  const lines = stdout.split('\n').filter((l) => l.trim() && !/^\s*GROUP\s+TOPIC/.test(l) && !l.includes('has no active members') && !l.startsWith('['));
  const num = (s: string) => (s === '-' ? null : Number(s));
  return lines
    .map((l) => l.trim().split(/\s+/))
    .filter((cols) => cols[0] === groupId && cols.length >= 6)
    .map((cols) => ({ topic: cols[1], partition: Number(cols[2]), current: num(cols[3]), end: Number(cols[4]), lag: num(cols[5]) }))
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
