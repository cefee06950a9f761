import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getBrokers } from '@/app/api/connections/[id]/brokers/route';
import { GET as getTopicConfigsRoute, PATCH as patchConfigs } from '@/app/api/connections/[id]/topics/[topic]/configs/route';
import { POST as postPartitions } from '@/app/api/connections/[id]/topics/[topic]/partitions/route';
import { DELETE as deleteTopicRoute, GET as getTopicRoute } from '@/app/api/connections/[id]/topics/[topic]/route';
import { GET as listTopicsRoute, POST as createTopicRoute } from '@/app/api/connections/[id]/topics/route';
import type { BrokerList, TopicConfigs, TopicDetail, TopicList } from '@/lib/contracts/kafka';
import { ctx, deleteTopicCli, kafkaTopics, kcat, uniqueTopic } from '@/test/kafka/fixtures';
import { runningSamplers } from '../sampler/registry';
import { closeStore } from '../store/store';

const json = (body: unknown, method = 'POST') => ({ method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

describe('Kafka cluster and topics API (real broker)', () => {
  const created = uniqueTopic('created');
  const seeded = uniqueTopic('seeded');

  beforeAll(async () => {
    await kafkaTopics('--create', '--topic', seeded, '--partitions', '3', '--replication-factor', '1');
    await kcat(['-P', '-t', seeded, '-p', '0'], 'a\nb\nc\n');
    await kcat(['-P', '-t', seeded, '-p', '2'], 'd\n');
  });
  afterAll(async () => {
    // The topic list starts the connection's lag sampler (for groups and lag); stop it with the test.
    await Promise.allSettled(runningSamplers().map((s) => s.stop()));
    await closeStore();
    await deleteTopicCli(created);
    await deleteTopicCli(seeded);
  });

  it('lists brokers with controller, cluster id, version and replica counts', async () => {
    const res = await getBrokers(new Request('http://x/api/connections/local-kafka/brokers'), ctx({ id: 'local-kafka' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as BrokerList;
    expect(body.clusterId).toMatch(/.+/);
    expect(body.version).toBe(process.env.WHARF_TEST_KAFKA_VERSION);
    expect(body.brokers).toHaveLength(1);
    const [b] = body.brokers;
    expect(b).toMatchObject({ id: 1, host: expect.any(String), port: Number((process.env.WHARF_TEST_KAFKA ?? '127.0.0.1:9092').split(':')[1]), isController: body.controllerId === 1 });
    expect(b.partitions).toBeGreaterThan(0);
    expect(b.leaders).toBe(b.partitions);
  });

  it('lists a topic with its message count and size, after the snapshot refreshes', async () => {
    let row: TopicList['topics'][number] | undefined;
    for (let i = 0; i < 20 && !row; i++) {
      const res = await listTopicsRoute(new Request(`http://x/api/connections/local-kafka/topics?q=${seeded}`), ctx({ id: 'local-kafka' }));
      expect(res.status).toBe(200);
      row = ((await res.json()) as TopicList).topics.find((t) => t.name === seeded);
      if (!row) await new Promise((r) => setTimeout(r, 1000));
    }
    expect(row).toMatchObject({ name: seeded, partitions: 3, replicationFactor: 1, messages: 4, underReplicated: 0, offline: 0, internal: false });
    expect(row?.sizeBytes).toBeGreaterThan(0);
  });

  it('answers 400 for a dangerous or broken regex, and a bad topic name', async () => {
    const nested = await listTopicsRoute(new Request('http://x/api/connections/local-kafka/topics?regex=true&q=(a%2B)%2B'), ctx({ id: 'local-kafka' }));
    expect(nested.status).toBe(400);
    const bad = await getTopicRoute(new Request('http://x'), ctx({ id: 'local-kafka', topic: 'no spaces/allowed' }));
    expect(bad.status).toBe(400);
  });

  it('shows one topic with partitions and watermarks, and 404 for an unknown one', async () => {
    const res = await getTopicRoute(new Request('http://x'), ctx({ id: 'local-kafka', topic: seeded }));
    if (res.status !== 200) console.log(await res.clone().text());
    expect(res.status).toBe(200);
    const t = (await res.json()) as TopicDetail;
    expect(t.partitionList.map((p) => [p.partition, p.low, p.high, p.leader])).toEqual([
      [0, 0, 3, 1],
      [1, 0, 0, 1],
      [2, 0, 1, 1],
    ]);
    const missing = await getTopicRoute(new Request('http://x'), ctx({ id: 'local-kafka', topic: `${seeded}-missing` }));
    expect(missing.status).toBe(404);
  });

  it('creates a topic, changes a config and partitions, confirmed by kafka-topics --describe, then deletes it', async () => {
    const res = await createTopicRoute(
      new Request('http://x', json({ name: created, partitions: 2, replicationFactor: 1, configs: { 'retention.ms': '3600000' } })),
      ctx({ id: 'local-kafka' }),
    );
    expect(res.status).toBe(201);
    let described = await kafkaTopics('--describe', '--topic', created);
    expect(described).toMatch(/PartitionCount: 2/);
    expect(described).toMatch(/retention\.ms=3600000/);

    const again = await createTopicRoute(new Request('http://x', json({ name: created, partitions: 1, replicationFactor: 1 })), ctx({ id: 'local-kafka' }));
    expect(again.status).toBe(409);

    const patch = await patchConfigs(new Request('http://x', json({ set: { 'cleanup.policy': 'compact' }, reset: ['retention.ms'] }, 'PATCH')), ctx({ id: 'local-kafka', topic: created }));
    if (patch.status !== 200) console.log(await patch.text());
    expect(patch.status).toBe(200);
    described = await kafkaTopics('--describe', '--topic', created);
    expect(described).toMatch(/cleanup\.policy=compact/);
    expect(described).not.toMatch(/retention\.ms=/);

    const badValue = await patchConfigs(new Request('http://x', json({ set: { 'cleanup.policy': 'sometimes' } }, 'PATCH')), ctx({ id: 'local-kafka', topic: created }));
    expect(badValue.status).toBe(400);
    expect(((await badValue.json()) as { error: { message: string } }).error.message).toMatch(/cleanup\.policy|sometimes/i);

    const configs = (await (await getTopicConfigsRoute(new Request('http://x'), ctx({ id: 'local-kafka', topic: created }))).json()) as TopicConfigs;
    expect(configs.configs.find((c) => c.name === 'cleanup.policy')).toMatchObject({ value: 'compact', isDefault: false, source: 'topic' });
    expect(configs.configs.find((c) => c.name === 'retention.ms')).toMatchObject({ isDefault: true });

    const grow = await postPartitions(new Request('http://x', json({ partitions: 4 })), ctx({ id: 'local-kafka', topic: created }));
    expect(grow.status).toBe(200);
    expect(await kafkaTopics('--describe', '--topic', created)).toMatch(/PartitionCount: 4/);
    const shrink = await postPartitions(new Request('http://x', json({ partitions: 2 })), ctx({ id: 'local-kafka', topic: created }));
    expect(shrink.status).toBe(400);

    const del = await deleteTopicRoute(new Request('http://x', { method: 'DELETE' }), ctx({ id: 'local-kafka', topic: created }));
    expect(del.status).toBe(200);
    const list = await kafkaTopics('--list');
    expect(list.split('\n')).not.toContain(created);
  });

  it('refuses every mutation on a read-only connection with 403', async () => {
    const id = 'readonly-kafka';
    const responses = await Promise.all([
      createTopicRoute(new Request('http://x', json({ name: `${seeded}-ro`, partitions: 1, replicationFactor: 1 })), ctx({ id })),
      deleteTopicRoute(new Request('http://x', { method: 'DELETE' }), ctx({ id, topic: seeded })),
      patchConfigs(new Request('http://x', json({ set: { 'retention.ms': '1000' } }, 'PATCH')), ctx({ id, topic: seeded })),
      postPartitions(new Request('http://x', json({ partitions: 5 })), ctx({ id, topic: seeded })),
    ]);
    expect(responses.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    expect(await kafkaTopics('--describe', '--topic', seeded)).toMatch(/PartitionCount: 3/);
  });

  it('answers 503 naming the connection when the broker is unreachable', async () => {
    const started = Date.now();
    const res = await listTopicsRoute(new Request('http://x'), ctx({ id: 'closed-kafka' }));
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/closed-kafka/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
