import { execFileSync } from 'node:child_process';
import type { ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as inspectRoute } from '@/app/api/connections/[id]/queues/[vhost]/[name]/messages/route';
import { POST as proposeRoute } from '@/app/api/connections/[id]/queues/[vhost]/[name]/move/proposal/route';
import { GET as queueRoute } from '@/app/api/connections/[id]/queues/[vhost]/[name]/route';
import type { QueueDetail } from '@/lib/contracts/rabbitmq';
import type { InspectResponse, RedriveProposal } from '@/lib/contracts/rabbitmq-messages';
import { createQueue, ctx, deleteQueues, enc, jsonRequest, mgmt, openAmqp, rabbitmqctlCounts, uniqueName, waitFor } from '@/test/rabbitmq/helpers';

/**
 * Finding: three "get and requeue" reads of a quorum queue with x-delivery-limit=2 dead-lettered every message,
 * answered 200. These run on the local RabbitMQ 3.10.8, where every requeue counts toward the limit (the 4.x rules
 * are unit-tested in delivery-limit.test.ts). Each message's delivery count is checked without touching it, with
 * `rabbitmq-queues peek` on the node, and the queue and dead-letter queue depths with `rabbitmqctl list_queues`.
 */

type Peeked = { payload: string; deliveryCount: number; messageId: string | null };

/**
 * The node's own view of the first `n` messages, head first: it neither takes nor counts anything. (Each call is a
 * CLI run of a second or more, so the depth is checked with rabbitmqctl rather than by probing past the end.)
 */
function nodeView(queue: string, n: number): Peeked[] {
  return Array.from({ length: n }, (_, i) => {
    const text = execFileSync('rabbitmq-queues', ['-q', 'peek', '--formatter', 'json', queue, String(i + 1)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const m = (JSON.parse(text) as { message: Record<string, unknown> }).message;
    return { payload: String(m['payload (max 64 bytes)']), deliveryCount: Number(m['header.x-delivery-count'] ?? 0), messageId: typeof m.message_id === 'string' ? m.message_id : null };
  });
}

const route = (id: string, name: string) => ctx({ id, vhost: '/', name });
async function read(name: string, body: object, id = 'local-rabbitmq'): Promise<{ status: number; body: InspectResponse & { error?: { code: string; message: string } } }> {
  const res = await inspectRoute(jsonRequest('POST', 'http://x', body), route(id, name));
  return { status: res.status, body: (await res.json()) as InspectResponse & { error?: { code: string; message: string } } };
}

// Each `rabbitmq-queues peek` is an Erlang CLI run of a second or more: on a busy machine a test takes over a minute.
describe('reading a quorum queue never dead-letters a message (RabbitMQ 3.10.8: every requeue counts)', { timeout: 180_000 }, () => {
  const prefix = uniqueName('dlimit');
  const dlx = `${prefix}-dlx`;
  const dlq = `${prefix}-dlq`;
  const queues: string[] = [dlq];
  let model: ChannelModel;

  /** A quorum queue with x-delivery-limit=2 dead-lettering into `dlq`, holding `bodies` (message ids = bodies). */
  async function limitedQueue(label: string, bodies: string[]): Promise<string> {
    const name = `${prefix}-${label}`;
    queues.push(name);
    await createQueue(name, { 'x-queue-type': 'quorum', 'x-delivery-limit': 2, 'x-dead-letter-exchange': dlx });
    const ch = await model.createConfirmChannel();
    for (const b of bodies) ch.sendToQueue(name, Buffer.from(b), { messageId: b, headers: { origin: 'test' } });
    await ch.waitForConfirms();
    await ch.close();
    await waitFor(() => rabbitmqctlCounts().get(name) === bodies.length);
    return name;
  }

  function depths(name: string): [number | undefined, number | undefined] {
    const c = rabbitmqctlCounts();
    return [c.get(name), c.get(dlq)];
  }

  beforeAll(async () => {
    model = await openAmqp();
    await mgmt('PUT', `exchanges/${enc('/', dlx)}`, { type: 'fanout', durable: true });
    await createQueue(dlq);
    await mgmt('POST', `bindings/${enc('/')}/e/${enc(dlx)}/q/${enc(dlq)}`, { routing_key: '' });
  });
  afterAll(async () => {
    await deleteQueues(queues);
    await mgmt('DELETE', `exchanges/${enc('/', dlx)}`);
    await model.close();
  });

  it('refuses reads that are not confirmed (409, before taking anything), then reads confirmed ones with the count left per message, and stops before messages at their limit', async () => {
    const name = await limitedQueue('main', ['a', 'b', 'c']);
    // Until the queue's first stats emission the management API does not say which policy applies (the limit is
    // then unknown, and reads are refused for that reason): wait for it, so the limit is the known one.
    await waitFor(async () => ((await mgmt('GET', `queues/${enc('/', name)}`)) as { effective_policy_definition?: unknown }).effective_policy_definition !== undefined, 30_000, 500);

    // The finding's three reads: refused, and nothing was taken (every count still 0, nothing dead-lettered).
    for (let i = 0; i < 3; i++) {
      const r = await read(name, { count: 3 });
      expect(r.status).toBe(409);
      expect(r.body.error?.code).toBe('DELIVERY_LIMIT');
      expect(r.body.error?.message).toMatch(/RabbitMQ 3\.10\.8 counts every requeue.*delivery limit is 2.*confirmDeliveryLimit/s);
    }
    expect(nodeView(name, 3).map((m) => m.deliveryCount)).toEqual([0, 0, 0]);
    expect(depths(name)).toEqual([3, 0]);

    // Confirmed: read, each requeued once, with what is left after this read.
    const first = await read(name, { count: 3, confirmDeliveryLimit: true });
    expect(first.status).toBe(200);
    expect(first.body.messages.map((m) => [m.payload.display, m.delivery])).toEqual([
      ['a', { count: 0, deliveriesLeft: 1, putBack: 'requeued' }],
      ['b', { count: 0, deliveriesLeft: 1, putBack: 'requeued' }],
      ['c', { count: 0, deliveriesLeft: 1, putBack: 'requeued' }],
    ]);
    expect(first.body).toMatchObject({ countBefore: 3, countAfter: 3, stopped: null, rule: { limit: 2, requeueCounts: true, confirmNeeded: true } });
    expect(nodeView(name, 3).map((m) => [m.payload, m.deliveryCount])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 1],
    ]);

    // The next unconfirmed read is refused saying, per message, how many requeues are left before and after it.
    const refused = await read(name, { count: 3 });
    expect(refused.status).toBe(409);
    expect(refused.body.error?.message).toMatch(/#1: 1 requeue\(s\) left, 0 after this read.*#2: 1 requeue\(s\) left.*#3: 1 requeue\(s\) left/);
    const detail = (await (await queueRoute(new Request('http://x'), route('local-rabbitmq', name))).json()) as QueueDetail;
    expect(detail.readCost.lastRead?.messages).toEqual([1, 2, 3].map((position) => ({ position, deliveryCount: 1, deliveriesLeft: 1 })));

    const second = await read(name, { count: 3, confirmDeliveryLimit: true });
    expect(second.body.messages.map((m) => m.delivery)).toEqual(Array(3).fill({ count: 1, deliveriesLeft: 0, putBack: 'requeued' }));
    expect(nodeView(name, 3).map((m) => m.deliveryCount)).toEqual([2, 2, 2]);
    expect(depths(name)).toEqual([3, 0]);

    // All three are at their limit now: requeueing any would dead-letter it. Refused, and confirmed reads stop before.
    expect((await read(name, { count: 3 })).body.error?.message).toMatch(/#1: at its limit \(2 of 2\), not read/);
    const third = await read(name, { count: 3, confirmDeliveryLimit: true });
    expect(third.status).toBe(200);
    expect(third.body.messages).toEqual([]);
    expect(third.body.stopped).toMatchObject({ reason: 'at-limit', position: 1, message: expect.stringMatching(/Stopped before message #1.*at its delivery limit \(2 of 2\)/) });
    expect(nodeView(name, 3).map((m) => [m.payload, m.deliveryCount])).toEqual([
      ['a', 2],
      ['b', 2],
      ['c', 2],
    ]);
    expect(depths(name)).toEqual([3, 0]);
  });

  it('a message at its limit that Wharf did not know of is not requeued: it is copied to the tail, the original acknowledged', async () => {
    const name = await limitedQueue('outside', ['x', 'y']);
    // Another client fails "x" twice: its count reaches the limit without Wharf seeing it.
    const ch = await model.createChannel();
    for (let i = 0; i < 2; i++) {
      const m = await ch.get(name, { noAck: false });
      if (!m) throw new Error('no message');
      ch.nack(m, false, true);
    }
    await ch.close();
    await waitFor(() => nodeView(name, 1)[0].deliveryCount === 2);

    const r = await read(name, { count: 2, confirmDeliveryLimit: true });
    expect(r.status).toBe(200);
    expect(r.body.messages.map((m) => [m.payload.display, m.delivery])).toEqual([['x', { count: 2, deliveriesLeft: 2, putBack: 'copied' }]]);
    expect(r.body.messages[0].headers).toMatchObject({ origin: 'test' });
    expect(r.body.stopped).toMatchObject({ reason: 'copied-at-limit', position: 1, message: expect.stringMatching(/already at its delivery limit \(2 of 2\).*copy.*tail/) });
    // "y" was never taken; "x" is behind it, whole, with a fresh count. Nothing was dead-lettered.
    expect(nodeView(name, 2)).toEqual([
      { payload: 'y', deliveryCount: 0, messageId: 'y' },
      { payload: 'x', deliveryCount: 0, messageId: 'x' },
    ]);
    expect(depths(name)).toEqual([2, 0]);
  });

  it('read-only connections never make such a read (403, confirmed or not); a classic queue needs no confirmation there', async () => {
    const name = await limitedQueue('ro', ['r1', 'r2']);
    for (const body of [{ count: 2 }, { count: 2, confirmDeliveryLimit: true }]) {
      const r = await read(name, body, 'readonly-rabbitmq');
      expect(r.status).toBe(403);
      expect(r.body.error?.message).toMatch(/read-only.*could dead-letter messages.*never make such a read, confirmed or not/s);
    }
    expect(nodeView(name, 2).map((m) => m.deliveryCount)).toEqual([0, 0]);
    expect(depths(name)).toEqual([2, 0]);

    const classic = `${prefix}-classic`;
    queues.push(classic);
    await createQueue(classic);
    const ch = await model.createConfirmChannel();
    ch.sendToQueue(classic, Buffer.from('c1'));
    await ch.waitForConfirms();
    await ch.close();
    const c = await read(classic, { count: 5 }, 'readonly-rabbitmq');
    expect(c.status).toBe(200);
    expect(c.body.rule).toMatchObject({ queueType: 'classic', confirmNeeded: false, summary: expect.stringMatching(/no delivery limit.*redelivered/) });
    expect(c.body.messages.map((m) => [m.payload.display, m.delivery ?? null])).toEqual([['c1', null]]);
    expect(rabbitmqctlCounts().get(classic)).toBe(1);
  });

  it('the redrive proposal (a POST now) reads under the same rules', async () => {
    const name = await limitedQueue('proposal', ['p1']);
    const propose = async (id: string, body: object) => {
      const res = await proposeRoute(jsonRequest('POST', 'http://x', body), route(id, name));
      return { status: res.status, body: (await res.json()) as RedriveProposal & { error?: { code: string } } };
    };
    expect((await propose('local-rabbitmq', {})).body.error?.code).toBe('DELIVERY_LIMIT');
    expect((await propose('readonly-rabbitmq', { confirmDeliveryLimit: true })).status).toBe(403);
    expect(nodeView(name, 1)[0].deliveryCount).toBe(0);
    const ok = await propose('local-rabbitmq', { confirmDeliveryLimit: true });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ exchange: null, sampled: 1, delivery: { count: 0, deliveriesLeft: 1, putBack: 'requeued' }, stopped: null });
    expect(nodeView(name, 1)[0].deliveryCount).toBe(1);
    expect(depths(name)).toEqual([1, 0]);
  });
});
