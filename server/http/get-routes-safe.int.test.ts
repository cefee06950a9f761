import { execFileSync } from 'node:child_process';
import type { ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitOffsets, createTopic, deleteGroups, deleteTopics, produce, testAdmin, topicOffsets, uniqueName } from '@/test/support/kafka';
import { createQueue, deleteQueues, enc, mgmt, openAmqp, waitFor } from '@/test/rabbitmq/helpers';
import { call, login, routeModule, withAuthConfig, type Session } from '@/test/support/auth-harness';

withAuthConfig();

/**
 * No GET changes broker state (house rule 12). Every GET route of /api/openapi.json is called, as an admin, on real
 * objects: a Kafka topic with messages and a consumer group with committed offsets, a quorum and a classic queue
 * with messages, an exchange bound to the classic queue. Afterwards nothing may have moved: queue depths (ready and
 * unacked, from rabbitmqctl), each quorum message's x-delivery-count (`rabbitmq-queues peek`, which takes nothing),
 * every message's redelivered flag (read last, by draining the queues), Kafka end offsets and the group's commits.
 * A redrive proposal served by GET (consume + requeue of the head message) fails this.
 */

type Op = { method: string; path: string };

const run = uniqueName('getwalk');
const topic = `${run}-topic`;
const group = `${run}-group`;
const quorum = `${run}-quorum`;
const classic = `${run}-classic`;
const exchange = `${run}-ex`;
const MESSAGES = 3;

const RABBIT = /\/(overview|vhosts|exchanges|queues|bindings)(\/|$)/;
const KAFKA = /\/(brokers|topics|consumer-groups|share-groups|transactions)(\/|$)/;

/** Every filling of a route's path parameters with the test's real objects (several for queue and connection routes). */
function fillings(op: Op, jobId: string): Record<string, string>[] {
  const base = { vhost: '/', topic, group, jobId, username: 'admin', broker: 'cluster' };
  const ids = !op.path.includes('{id}') ? [undefined] : RABBIT.test(op.path) ? ['local-rabbitmq'] : KAFKA.test(op.path) ? ['local-kafka'] : ['local-kafka', 'local-rabbitmq'];
  const names = !op.path.includes('{name}') ? [undefined] : op.path.includes('/exchanges/') ? [exchange] : [quorum, classic];
  return ids.flatMap((id) => names.map((name) => ({ ...base, ...(id ? { id } : {}), ...(name ? { name } : {}) })));
}

function queryFor(op: Op, p: Record<string, string>): Record<string, string> {
  if (op.path.endsWith('/{id}/metrics')) return p.id === 'local-kafka' ? { kind: 'topic', entity: topic } : { kind: 'queue', entity: `${enc('/')}/${enc(quorum)}` };
  // The move preview of each queue into the other: it must read the queue and the destination without a message.
  if (op.path.endsWith('/move/preview')) return { toQueue: p.name === quorum ? classic : quorum };
  return {};
}

/** Calls one GET; an event stream is read until it ends or for a few seconds, then closed (which cancels it). */
async function get(admin: Session, op: Op, p: Record<string, string>): Promise<number> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), 4000);
  try {
    const res = await call(admin, 'GET', op.path, p, { query: queryFor(op, p), signal: ac.signal });
    try {
      const reader = res.body?.getReader();
      while (reader && !(await reader.read()).done);
    } catch {
      // Aborted: a tail or live stream never ends by itself.
    }
    return res.status;
  } finally {
    clearTimeout(timer);
  }
}

type RabbitState = { queues: Record<string, string>; deliveryCounts: number[] };

/** Depths as the node reports them, and each quorum message's delivery count, without taking anything. */
function rabbitState(): RabbitState {
  const out = execFileSync('rabbitmqctl', ['-q', 'list_queues', '-p', '/', '--no-table-headers', 'name', 'messages', 'messages_ready', 'messages_unacknowledged'], { encoding: 'utf8' });
  const queues: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const [name, ...counts] = line.split('\t');
    if (name === quorum || name === classic) queues[name] = counts.join(' ');
  }
  const deliveryCounts = Array.from({ length: MESSAGES }, (_, i) => {
    const text = execFileSync('rabbitmq-queues', ['-q', 'peek', '--formatter', 'json', quorum, String(i + 1)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return Number((JSON.parse(text) as { message: Record<string, unknown> }).message['header.x-delivery-count'] ?? 0);
  });
  return { queues, deliveryCounts };
}

async function kafkaState(): Promise<{ ends: number[]; committed: number[] }> {
  const admin = testAdmin();
  try {
    const ends = (await topicOffsets(admin, topic)).map((p) => p.high);
    const [g] = await admin.listConsumerGroupOffsets({ groups: [{ groupId: group, topics: [{ name: topic, partitionIndexes: ends.map((_, i) => i) }] }] });
    const byPartition = new Map(g?.topics.find((t) => t.name === topic)?.partitions.map((p) => [p.partitionIndex, Number(p.committedOffset)]));
    return { ends, committed: ends.map((_, i) => byPartition.get(i) ?? -1) };
  } finally {
    await admin.close();
  }
}

describe('every GET route leaves the brokers as they were', () => {
  let admin: Session;
  let model: ChannelModel;
  let ops: Op[] = [];

  beforeAll(async () => {
    admin = await login('admin');
    const doc = (await (await call(admin, 'GET', '/api/openapi.json', {})).json()) as { paths: Record<string, Record<string, unknown>> };
    ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })));

    await createTopic(topic, 2);
    await produce(topic, Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, partition: i % 2 })));
    await commitOffsets(group, topic, [
      { partition: 0, offset: 2 },
      { partition: 1, offset: 3 },
    ]);

    model = await openAmqp();
    await createQueue(quorum, { 'x-queue-type': 'quorum', 'x-delivery-limit': 5 });
    await createQueue(classic);
    await mgmt('PUT', `exchanges/${enc('/', exchange)}`, { type: 'direct', durable: true });
    await mgmt('POST', `bindings/${enc('/')}/e/${enc(exchange)}/q/${enc(classic)}`, { routing_key: 'walk' });
    const ch = await model.createConfirmChannel();
    for (let i = 0; i < MESSAGES; i++) {
      ch.sendToQueue(quorum, Buffer.from(`q${i}`));
      ch.sendToQueue(classic, Buffer.from(`c${i}`));
    }
    await ch.waitForConfirms();
    await ch.close();
  });

  afterAll(async () => {
    await deleteQueues([quorum, classic]);
    await mgmt('DELETE', `exchanges/${enc('/', exchange)}`);
    await model?.close();
    await deleteGroups(group);
    await deleteTopics(topic);
    const { closeStore } = await import('@/server/store/store');
    await closeStore();
  });

  it('no GET route reads a queue destructively: the redrive proposal is a POST, a move is a job, its preview a GET that reads no message', async () => {
    expect(ops).toContainEqual({ method: 'POST', path: '/api/connections/{id}/queues/{vhost}/{name}/move/proposal' });
    expect(ops).toContainEqual({ method: 'GET', path: '/api/connections/{id}/queues/{vhost}/{name}/move/preview' });
    expect((await routeModule('/api/connections/{id}/queues/{vhost}/{name}/move/proposal')).GET).toBeUndefined();
  });

  it('walks every GET and nothing changes', async () => {
    const gets = ops.filter((o) => o.method === 'GET');
    expect(gets.length).toBeGreaterThan(25);
    // A quorum queue's figures in rabbitmqctl trail its log by a moment.
    await waitFor(() => rabbitState().queues[quorum] === `${MESSAGES} ${MESSAGES} 0`);
    const rabbitBefore = rabbitState();
    const kafkaBefore = await kafkaState();
    expect(rabbitBefore).toEqual({ queues: { [quorum]: `${MESSAGES} ${MESSAGES} 0`, [classic]: `${MESSAGES} ${MESSAGES} 0` }, deliveryCounts: [0, 0, 0] });
    expect(kafkaBefore).toEqual({ ends: [5, 5], committed: [2, 3] });

    const jobs = (await (await call(admin, 'GET', '/api/jobs', {})).json()) as { jobs?: Array<{ id: string }> };
    // A fresh store has no jobs: a well-formed id that names none still runs the routes' reads (404).
    const jobId = jobs.jobs?.[0]?.id ?? 'job-walk-no-such-job';
    const answered: string[] = [];
    for (const op of gets) for (const p of fillings(op, jobId)) answered.push(`${await get(admin, op, p)} GET ${op.path} ${p.id ?? ''} ${p.name ?? ''}`);
    // The walk reached the real objects: their own GETs answered 200.
    for (const path of ['/queues/{vhost}/{name}', '/queues/{vhost}/{name}/move/preview', '/topics/{topic}', '/consumer-groups/{group}/offsets']) {
      expect(answered.filter((a) => a.endsWith(path) || a.includes(`${path} `)).every((a) => a.startsWith('200 ')), answered.join('\n')).toBe(true);
    }

    expect(rabbitState()).toEqual(rabbitBefore);
    expect(await kafkaState()).toEqual(kafkaBefore);
    // Last, the redelivered flags: a get-and-requeue sets them, and only taking the messages shows them.
    const ch = await model.createChannel();
    for (const q of [quorum, classic]) {
      const flags: boolean[] = [];
      for (let m = await ch.get(q, { noAck: true }); m; m = await ch.get(q, { noAck: true })) flags.push(m.fields.redelivered);
      expect({ q, flags }).toEqual({ q, flags: Array(MESSAGES).fill(false) });
    }
    await ch.close();
  }, 600_000);

  it('the redrive proposal is a mutation: same-origin and CSRF checked, operator role, audited', async () => {
    const dlq = `${run}-dlq`;
    await createQueue(dlq);
    try {
      const ch = await model.createConfirmChannel();
      ch.sendToQueue(dlq, Buffer.from('dead'));
      await ch.waitForConfirms();
      await ch.close();
      const path = '/api/connections/{id}/queues/{vhost}/{name}/move/proposal';
      const p = { id: 'local-rabbitmq', vhost: '/', name: dlq };
      const noToken = await call({ ...admin, csrf: '' }, 'POST', path, p, { body: {} });
      expect([noToken.status, ((await noToken.json()) as { error: { code: string } }).error.code]).toEqual([403, 'CSRF_FAILED']);
      const crossSite = await call(admin, 'POST', path, p, { body: {}, headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' } });
      expect(crossSite.status).toBe(403);
      const viewer = await call(await login('viewer'), 'POST', path, p, { body: {} });
      expect([viewer.status, ((await viewer.json()) as { error: { message: string } }).error.message]).toEqual([403, expect.stringContaining('needs operator')]);
      // Nothing was read by the refused calls.
      const peek = await model.createChannel();
      const untouched = await peek.get(dlq, { noAck: false });
      expect(untouched && untouched.fields.redelivered).toBe(false);
      await peek.close();

      const ok = await call(await login('operator'), 'POST', path, p, { body: {} });
      expect(ok.status).toBe(200);
      const audit = (await (await call(admin, 'GET', '/api/audit', {}, { query: { q: `${run}-dlq`, method: 'POST' } })).json()) as { entries: Array<{ username: string; route: string | null; status: number }> };
      expect(audit.entries).toContainEqual(expect.objectContaining({ username: 'operator', route: path, status: 200 }));
    } finally {
      await deleteQueues([dlq]);
    }
  });
});
