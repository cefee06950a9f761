import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getJobRoute } from '@/app/api/jobs/[jobId]/route';
import { POST as startJobRoute } from '@/app/api/jobs/route';
import type { Job } from '@/lib/contracts/jobs';
import { eventually } from '@/test/support/cli';
import { BOOTSTRAP, createTopic, deleteTopics, kcatConsume, produce, uniqueName } from '@/test/support/kafka';
import { drainQueue, publishMany, queueDepth, withRabbit } from '@/test/support/rabbitmq';

/** Writes `input` (one message a line) with kcat -P, librdkafka's producer. */
function kcatProduce(args: string[], input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', ['-b', BOOTSTRAP, '-P', ...args], { stdio: ['pipe', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`kcat -P exited with ${code}`))));
    child.stdin.end(input);
  });
}

async function call(res: Promise<Response>) {
  const r = await res;
  return { status: r.status, body: (await r.json()) as Job & { error?: { message: string } } };
}
const start = (params: unknown, dryRun = false) =>
  call(startJobRoute(new Request('http://x/api/jobs', { method: 'POST', body: JSON.stringify({ params, dryRun }) }), { params: Promise.resolve({}) }));
const finished = (jobId: string) =>
  eventually(async () => {
    const { body } = await call(getJobRoute(new Request('http://x'), { params: Promise.resolve({ jobId }) }));
    return body.status !== 'running' ? body : undefined;
  }, 120_000, 200);

describe('jobs between Kafka and RabbitMQ', () => {
  const topic = uniqueName('k2r-src');
  const exchange = uniqueName('k2r-x');
  const lonely = uniqueName('k2r-unbound');
  const queue = uniqueName('k2r-q');
  const drainSource = uniqueName('r2k-q');
  const drainTopic = uniqueName('r2k-dst');
  const keyReference = uniqueName('r2k-kcat');
  const bigTopic = uniqueName('k2r-big');
  const doomed = uniqueName('k2r-doomed-x');
  const doomedQueue = uniqueName('k2r-doomed-q');

  beforeAll(async () => {
    await createTopic(topic, 2);
    await createTopic(drainTopic, 3);
    await createTopic(keyReference, 3);
    await createTopic(bigTopic, 2);
    await produce(bigTopic, Array.from({ length: 100_000 }, (_, i) => ({ partition: i % 2, key: `k${i}`, value: `v${i}` })));
    await produce(topic, Array.from({ length: 1000 }, (_, i) => ({ partition: i % 2, key: i % 2 ? 'odd' : 'even', value: JSON.stringify({ i, vip: i % 4 === 0 }) })));
    await withRabbit(async (ch) => {
      await ch.assertExchange(exchange, 'topic', { autoDelete: false });
      await ch.assertExchange(lonely, 'topic', { autoDelete: false });
      await ch.assertQueue(queue);
      await ch.bindQueue(queue, exchange, 'orders.*');
      await ch.assertQueue(drainSource);
      await ch.assertExchange(doomed, 'fanout', { autoDelete: false });
      await ch.assertQueue(doomedQueue);
      await ch.bindQueue(doomedQueue, doomed, '');
    });
    await publishMany(
      drainSource,
      Array.from({ length: 10_000 }, (_, i) => ({ content: JSON.stringify({ i, region: i % 2 ? 'eu' : 'us' }), options: { messageId: `m-${i}`, headers: { n: i } } })),
    );
  }, 120_000);

  afterAll(async () => {
    await deleteTopics(topic, drainTopic, keyReference, bigTopic);
    await withRabbit(async (ch) => {
      await ch.deleteQueue(queue);
      await ch.deleteQueue(drainSource);
      await ch.deleteQueue(doomedQueue);
      await ch.deleteExchange(doomed);
      await ch.deleteExchange(exchange);
      await ch.deleteExchange(lonely);
    }).catch(() => undefined);
  });

  it('replays a filtered Kafka range into a RabbitMQ queue through an exchange, with the routing key templated', async () => {
    const { status, body } = await start({
      kind: 'kafka-replay',
      source: { connection: 'local-kafka', topic, filter: 'value.vip' },
      target: { kind: 'rabbitmq', connection: 'local-rabbitmq', vhost: '/', exchange, routingKey: 'orders.{key}' },
    });
    expect(status).toBe(201);
    const done = await finished(body.id);
    expect(done.status).toBe('succeeded');
    expect(done.progress).toMatchObject({ read: 1000, matched: 250, written: 250 });
    const got = await drainQueue(queue);
    expect(got).toHaveLength(250);
    const values = got.map((m) => (JSON.parse(m.content) as { i: number }).i).sort((a, b) => a - b);
    expect(values).toEqual(Array.from({ length: 250 }, (_, j) => j * 4));
    expect(got[0].headers['wharf-source-topic']).toBe(topic);
  });

  it('stops with a clear message when the exchange routes the messages nowhere', async () => {
    const { body } = await start({ kind: 'kafka-replay', source: { connection: 'local-kafka', topic }, target: { kind: 'rabbitmq', connection: 'local-rabbitmq', exchange: lonely, routingKey: 'x' } });
    const done = await finished(body.id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/unroutable: exchange ".*" .* has no binding/);
  });

  it('fails naming the exchange when it is deleted while the replay publishes into it, and the server goes on', async () => {
    const { body } = await start({ kind: 'kafka-replay', source: { connection: 'local-kafka', topic: bigTopic }, target: { kind: 'rabbitmq', connection: 'local-rabbitmq', exchange: doomed, routingKey: 'x' } });
    await eventually(async () => {
      const { body: now } = await call(getJobRoute(new Request('http://x'), { params: Promise.resolve({ jobId: body.id }) }));
      return now.progress.written > 0 || now.status !== 'running' ? true : undefined;
    }, 60_000, 10);
    await withRabbit((ch) => ch.deleteExchange(doomed));
    const done = await finished(body.id);
    expect(done.status).toBe('failed');
    expect(done.progress.written).toBeLessThan(100_000);
    expect(done.error).toMatch(new RegExp(`exchange "${doomed}".*NOT_FOUND|NOT_FOUND.*${doomed}`));
    // The job runs in this process, which the broker's channel error must leave running.
    await withRabbit((ch) => ch.assertExchange(doomed, 'fanout', { autoDelete: false }));
  });

  it('drains a filtered subset of 10,000 queue messages into Kafka; the rest stay; nothing lost', async () => {
    const dry = await finished((await start({ kind: 'rabbitmq-to-kafka', source: { connection: 'local-rabbitmq', queue: drainSource, filter: 'value.region == "eu"' }, target: { connection: 'local-kafka', topic: drainTopic } }, true)).body.id);
    expect(dry.progress).toMatchObject({ read: 10_000, matched: 5000, written: 0 });
    // Requeued messages become ready again as the queue process takes them back.
    await eventually(async () => ((await queueDepth(drainSource)) === 10_000 ? true : undefined), 15_000);

    const { body } = await start({
      kind: 'rabbitmq-to-kafka',
      source: { connection: 'local-rabbitmq', queue: drainSource, filter: 'value.region == "eu"' },
      target: { connection: 'local-kafka', topic: drainTopic },
    });
    const done = await finished(body.id);
    expect(done.status).toBe('succeeded');
    expect(done.progress).toMatchObject({ read: 10_000, matched: 5000, written: 5000, confirmed: 5000 });
    expect(done.result).toMatchObject({ verified: true, possibleDuplicates: 0 });
    const perPartition = await Promise.all([0, 1, 2].map((p) => kcatConsume(drainTopic, p, 'beginning', '%k|%s|%h\\n')));
    const inKafka = perPartition.flat().map((line) => line.split('|')[0]);
    expect(inKafka).toHaveLength(5000);
    expect(new Set(inKafka).size).toBe(5000);
    expect(inKafka.every((k) => Number(k.slice(2)) % 2 === 1)).toBe(true);
    // Body and headers as they were in the queue, with where they came from.
    const [key, value, headers] = perPartition[0][0].split('|');
    const i = Number(key.slice(2));
    expect(JSON.parse(value)).toEqual({ i, region: 'eu' });
    expect(headers.split(',').sort()).toEqual([`n=${i}`, 'wharf-source-exchange=', `wharf-source-routing-key=${drainSource}`]);
    // Keys land where Java clients (librdkafka's murmur2 partitioner, kafkajs before) put them.
    await kcatProduce(['-t', keyReference, '-K', '|', '-X', 'partitioner=murmur2_random'], inKafka.map((k) => `${k}|x`).join('\n') + '\n');
    const placed = async (t: string) => new Map((await Promise.all([0, 1, 2].map((p) => kcatConsume(t, p, 'beginning', '%k\\n')))).flatMap((list, p) => list.map((k) => [k, p] as const)));
    expect(await placed(drainTopic)).toEqual(await placed(keyReference));
    await eventually(async () => ((await queueDepth(drainSource)) === 5000 ? true : undefined), 15_000);
  });
});
