import type { ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getQueues, POST as postQueue } from '@/app/api/connections/[id]/queues/route';
import { DELETE as deleteQueueRoute, GET as getQueueRoute } from '@/app/api/connections/[id]/queues/[vhost]/[name]/route';
import { DELETE as purgeRoute } from '@/app/api/connections/[id]/queues/[vhost]/[name]/contents/route';
import { POST as inspectRoute } from '@/app/api/connections/[id]/queues/[vhost]/[name]/messages/route';
import { GET as movePreviewRoute } from '@/app/api/connections/[id]/queues/[vhost]/[name]/move/preview/route';
import { GET as getJobRoute } from '@/app/api/jobs/[jobId]/route';
import { POST as startJobRoute } from '@/app/api/jobs/route';
import type { Job } from '@/lib/contracts/jobs';
import { POST as proposeRoute } from '@/app/api/connections/[id]/queues/[vhost]/[name]/move/proposal/route';
import { GET as getExchanges, POST as postExchange } from '@/app/api/connections/[id]/exchanges/route';
import { DELETE as deleteExchangeRoute, GET as getExchangeRoute } from '@/app/api/connections/[id]/exchanges/[vhost]/[name]/route';
import { POST as publishRoute } from '@/app/api/connections/[id]/exchanges/[vhost]/[name]/publish/route';
import { DELETE as deleteBindingRoute, GET as getBindings, POST as postBinding } from '@/app/api/connections/[id]/bindings/route';
import { GET as getOverview } from '@/app/api/connections/[id]/overview/route';
import { GET as getVhosts } from '@/app/api/connections/[id]/vhosts/route';
import type { ExchangeDetail, QueueDetail, QueueList, RabbitOverview } from '@/lib/contracts/rabbitmq';
import type { InspectResponse, MovePreview, RedriveProposal } from '@/lib/contracts/rabbitmq-messages';
import { createQueue, ctx, deleteQueues, enc, jsonRequest, mgmt, openAmqp, publishMany, rabbitmqctlCounts, uniqueName, waitFor } from '@/test/rabbitmq/helpers';

const id = 'local-rabbitmq';
const U = 'http://x/api/connections/local-rabbitmq';
const q = (vhost: string, name: string) => ctx({ id, vhost, name });
const startMove = (conn: string, queue: string, target: Record<string, unknown>) =>
  startJobRoute(jsonRequest('POST', 'http://x/api/jobs', { params: { kind: 'rabbitmq-move', source: { connection: conn, vhost: '/', queue }, target: { connection: conn, ...target } }, dryRun: false }), ctx({}));
async function finishedJob(jobId: string): Promise<Job> {
  let job: Job | undefined;
  await waitFor(async () => {
    job = (await (await getJobRoute(new Request('http://x'), { params: Promise.resolve({ jobId }) })).json()) as Job;
    return job.status !== 'running';
  });
  return job!;
}

describe('RabbitMQ API routes against the real broker', () => {
  let model: ChannelModel;
  const queues: string[] = [];
  const exchanges: string[] = [];
  const prefix = uniqueName('rt');

  beforeAll(async () => {
    model = await openAmqp();
  });
  afterAll(async () => {
    await deleteQueues(queues);
    await Promise.all(exchanges.map((e) => mgmt('DELETE', `exchanges/${enc('/', e)}`)));
    await model.close();
  });

  async function newQueue(label: string, args: Record<string, unknown> = {}): Promise<string> {
    const name = `${prefix}-${label}`;
    queues.push(name);
    await createQueue(name, args);
    return name;
  }

  it('overview and vhosts describe the broker', async () => {
    const o = (await (await getOverview(new Request(`${U}/overview`), ctx({ id }))).json()) as RabbitOverview;
    expect(o.version).toMatch(/^\d+\.\d+/);
    expect(o.nodes[0]).toMatchObject({ running: true, memoryAlarm: false, diskAlarm: false });
    expect(o.nodes[0].version).toBe(o.version);
    const v = (await (await getVhosts(new Request(`${U}/vhosts`), ctx({ id }))).json()) as { vhosts: { name: string }[] };
    expect(v.vhosts.map((x) => x.name)).toContain('/');
  });

  it('queue counts agree with rabbitmqctl list_queues; names with spaces, slashes and unicode work', async () => {
    const names = [await newQueue('a b/ç ü 1'), await newQueue('two'), await newQueue('three')];
    await publishMany(model, names[1], 5, (i) => ({ body: Buffer.from(String(i)) }));
    await publishMany(model, names[2], 12, (i) => ({ body: Buffer.from(String(i)) }));
    const truth = rabbitmqctlCounts();
    expect(names.map((n) => truth.get(n))).toEqual([0, 5, 12]);
    // The management API refreshes queue stats every few seconds: wait until Wharf shows what the node says.
    await waitFor(async () => {
      const res = await getQueues(new Request(`${U}/queues?vhost=%2F&search=${encodeURIComponent(prefix)}&pageSize=100`), ctx({ id }));
      const list = (await res.json()) as QueueList;
      return names.every((n) => list.queues.find((x) => x.name === n)?.total === truth.get(n));
    });
    const detail = (await (await getQueueRoute(new Request('http://x'), q('/', names[0]))).json()) as QueueDetail;
    expect(detail.queue).toMatchObject({ name: names[0], vhost: '/', type: 'classic' });
    expect(detail.bindings[0]).toMatchObject({ source: '', destination: names[0] });
  });

  it('searches by substring and regex, sorts and pages on the broker; a bad regex is a 400', async () => {
    const many = await Promise.all(Array.from({ length: 12 }, (_, i) => newQueue(`page-${String(i).padStart(2, '0')}`)));
    const page = async (query: string) => (await (await getQueues(new Request(`${U}/queues?${query}`), ctx({ id }))).json()) as QueueList;
    const p2 = await page(`search=${encodeURIComponent(`${prefix}-page-`)}&sort=name&order=desc&pageSize=5&page=2`);
    expect(p2).toMatchObject({ page: 2, pageSize: 5, pageCount: 3, filteredCount: 12 });
    expect(p2.queues.map((x) => x.name)).toEqual([...many].sort().reverse().slice(5, 10));
    const rx = await page(`search=${encodeURIComponent(`${prefix}-page-0[3-5]$`)}&regex=true`);
    expect(rx.queues.map((x) => x.name)).toEqual(many.slice(3, 6));
    const bad = await getQueues(new Request(`${U}/queues?search=${encodeURIComponent('(unclosed')}&regex=true`), ctx({ id }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/regex/i);
  });

  it('publish and inspect round-trip every property and header type; counts before and after agree', async () => {
    const name = await newQueue('roundtrip');
    const headers = {
      s: 'text <b>not html</b>',
      i: 42,
      big: 2 ** 40,
      neg: -7,
      f: 1.5,
      t: true,
      n: null,
      nested: { deep: { x: 'y', list: [1, 'two', false] } },
      arr: ['a', 3, { k: 'v' }],
      bytes: { $bytes: Buffer.from([0, 1, 2, 255]).toString('base64') },
    };
    const properties = {
      contentType: 'application/json',
      contentEncoding: 'identity',
      deliveryMode: 2 as const,
      priority: 3,
      messageId: 'm-1',
      correlationId: 'c-1',
      replyTo: 'reply.q',
      expiration: '600000',
      timestamp: 1_700_000_000,
      type: 'order.created',
      appId: 'wharf-test',
    };
    const res = await publishRoute(jsonRequest('POST', 'http://x', { routingKey: name, payload: '{"a":1}', payloadEncoding: 'json', properties, headers }), q('/', 'amq.default'));
    expect(await res.json()).toEqual({ routed: true });
    const b64 = await publishRoute(jsonRequest('POST', 'http://x', { routingKey: name, payload: Buffer.from([0xff, 0x00, 0xfe]).toString('base64'), payloadEncoding: 'base64' }), q('/', 'amq.default'));
    expect(b64.status).toBe(200);
    const insp = (await (await inspectRoute(jsonRequest('POST', 'http://x', { count: 10 }), q('/', name))).json()) as InspectResponse;
    expect(insp).toMatchObject({ mode: 'requeue', countBefore: 2, countAfter: 2 });
    expect(insp.messages[0].properties).toMatchObject(properties);
    expect(insp.messages[0].headers).toEqual(headers);
    expect(insp.messages[0]).toMatchObject({ exchange: '', routingKey: name, redelivered: false, payload: { encoding: 'json' } });
    expect(insp.messages[1].payload).toMatchObject({ encoding: 'binary', base64: '/wD+' });
    const again = (await (await inspectRoute(jsonRequest('POST', 'http://x', { count: 1 }), q('/', name))).json()) as InspectResponse;
    expect(again.messages[0].redelivered).toBe(true);
    expect(rabbitmqctlCounts().get(name)).toBe(2);

    const unroutable = await publishRoute(jsonRequest('POST', 'http://x', { routingKey: 'nobody-binds-this', payload: 'x' }), q('/', 'amq.direct'));
    expect(await unroutable.json()).toEqual({ routed: false });
    const badB64 = await publishRoute(jsonRequest('POST', 'http://x', { routingKey: name, payload: 'not base64!', payloadEncoding: 'base64' }), q('/', 'amq.default'));
    expect(badB64.status).toBe(400);
  });

  it('purge reports the exact number removed', async () => {
    const name = await newQueue('purge');
    await publishMany(model, name, 1234, (i) => ({ body: Buffer.from(String(i)) }));
    const wrong = await purgeRoute(new Request(`http://x?confirm=nope`, { method: 'DELETE' }), q('/', name));
    expect(wrong.status).toBe(400);
    const res = await purgeRoute(new Request(`http://x?confirm=${encodeURIComponent(name)}`, { method: 'DELETE' }), q('/', name));
    expect(await res.json()).toEqual({ purged: 1234 });
    expect(rabbitmqctlCounts().get(name)).toBe(0);
  });

  it('creates and deletes queues, exchanges and bindings; the broker reason comes back for bad arguments', async () => {
    const ex = `${prefix}-ex`;
    const qq = `${prefix}-quorum`;
    exchanges.push(ex);
    queues.push(qq);
    expect((await postExchange(jsonRequest('POST', 'http://x', { vhost: '/', name: ex, type: 'topic' }), ctx({ id }))).status).toBe(201);
    const created = await postQueue(jsonRequest('POST', 'http://x', { vhost: '/', name: qq, type: 'quorum', deadLetterExchange: ex, deadLetterRoutingKey: 'dead', deliveryLimit: 5, messageTtl: 60000 }), ctx({ id }));
    expect(created.status).toBe(201);
    expect((await postBinding(jsonRequest('POST', 'http://x', { vhost: '/', source: ex, destination: qq, destinationType: 'queue', routingKey: 'orders.#' }), ctx({ id }))).status).toBe(201);
    const detail = (await (await getExchangeRoute(new Request('http://x'), q('/', ex))).json()) as ExchangeDetail;
    expect(detail.exchange).toMatchObject({ type: 'topic', durable: true });
    expect(detail.outgoing).toEqual([expect.objectContaining({ destination: qq, routingKey: 'orders.#' })]);
    const queueDetail = (await (await getQueueRoute(new Request('http://x'), q('/', qq))).json()) as QueueDetail;
    expect(queueDetail.queue).toMatchObject({ type: 'quorum', deadLetterExchange: ex, deadLetterRoutingKey: 'dead', deliveryLimit: 5, messageTtl: 60000 });
    const all = (await (await getBindings(new Request(`${U}/bindings?vhost=%2F`), ctx({ id }))).json()) as { bindings: { source: string; propertiesKey: string }[] };
    const binding = all.bindings.find((b) => b.source === ex);
    expect(binding).toBeDefined();
    const listed = (await (await getExchanges(new Request(`${U}/exchanges?vhost=%2F`), ctx({ id }))).json()) as { exchanges: { name: string }[] };
    expect(listed.exchanges.map((e) => e.name)).toContain(ex);

    const badArgs = await postQueue(jsonRequest('POST', 'http://x', { vhost: '/', name: `${prefix}-bad`, arguments: { 'x-max-length': 'lots' } }), ctx({ id }));
    expect(badArgs.status).toBe(400);
    expect(((await badArgs.json()) as { error: { message: string } }).error.message).toMatch(/x-max-length/);

    const unbind = await deleteBindingRoute(jsonRequest('DELETE', 'http://x', { vhost: '/', source: ex, destination: qq, destinationType: 'queue', propertiesKey: binding?.propertiesKey }), ctx({ id }));
    expect(unbind.status).toBe(200);
    expect((await deleteQueueRoute(new Request(`http://x?confirm=${encodeURIComponent(qq)}`, { method: 'DELETE' }), q('/', qq))).status).toBe(200);
    expect((await deleteExchangeRoute(new Request(`http://x?confirm=${encodeURIComponent(ex)}`, { method: 'DELETE' }), q('/', ex))).status).toBe(200);
  });

  it('answers 404 for an unknown vhost, queue or exchange', async () => {
    expect((await getQueueRoute(new Request('http://x'), q('/', `${prefix}-missing`))).status).toBe(404);
    expect((await getExchangeRoute(new Request('http://x'), q('/', `${prefix}-missing`))).status).toBe(404);
    expect((await getQueues(new Request(`${U}/queues?vhost=no-such-vhost-${prefix}`), ctx({ id }))).status).toBe(404);
    expect((await inspectRoute(jsonRequest('POST', 'http://x', { count: 1 }), q(`no-such-vhost-${prefix}`, 'x'))).status).toBe(404);
    expect((await publishRoute(jsonRequest('POST', 'http://x', { payload: 'x' }), q('/', `${prefix}-missing`))).status).toBe(404);
  });

  it('a passive check of a missing queue does not break other channels', async () => {
    const name = await newQueue('survivor');
    const [missing, ok] = await Promise.all([
      purgeRoute(new Request(`http://x?confirm=${prefix}-gone`, { method: 'DELETE' }), q('/', `${prefix}-gone`)),
      publishRoute(jsonRequest('POST', 'http://x', { routingKey: name, payload: 'still fine' }), q('/', 'amq.default')),
    ]);
    expect(missing.status).toBe(404);
    expect(await ok.json()).toEqual({ routed: true });
    const after = (await (await inspectRoute(jsonRequest('POST', 'http://x', { count: 1 }), q('/', name))).json()) as InspectResponse;
    expect(after.messages[0].payload.display).toBe('still fine');
  });

  it('refuses every mutation on a read-only connection with 403', async () => {
    const ro = (vhost: string, name: string) => ctx({ id: 'readonly-rabbitmq', vhost, name });
    const name = await newQueue('ro');
    const statuses = await Promise.all([
      postQueue(jsonRequest('POST', 'http://x', { vhost: '/', name: `${prefix}-ro-new` }), ctx({ id: 'readonly-rabbitmq' })),
      postExchange(jsonRequest('POST', 'http://x', { vhost: '/', name: `${prefix}-ro-ex` }), ctx({ id: 'readonly-rabbitmq' })),
      postBinding(jsonRequest('POST', 'http://x', { vhost: '/', source: 'amq.direct', destination: name, destinationType: 'queue' }), ctx({ id: 'readonly-rabbitmq' })),
      deleteBindingRoute(jsonRequest('DELETE', 'http://x', { vhost: '/', source: 'amq.direct', destination: name, destinationType: 'queue', propertiesKey: '~' }), ctx({ id: 'readonly-rabbitmq' })),
      deleteQueueRoute(new Request(`http://x?confirm=${encodeURIComponent(name)}`, { method: 'DELETE' }), ro('/', name)),
      purgeRoute(new Request(`http://x?confirm=${encodeURIComponent(name)}`, { method: 'DELETE' }), ro('/', name)),
      deleteExchangeRoute(new Request('http://x?confirm=amq.direct', { method: 'DELETE' }), ro('/', 'amq.direct')),
      publishRoute(jsonRequest('POST', 'http://x', { routingKey: name, payload: 'x' }), ro('/', 'amq.default')),
      startMove('readonly-rabbitmq', name, { queue: 'elsewhere' }),
      proposeRoute(jsonRequest('POST', 'http://x', {}), ro('/', name)),
    ]);
    expect(statuses.map((r) => r.status)).toEqual(Array(10).fill(403));
    expect(rabbitmqctlCounts().has(`${prefix}-ro-new`)).toBe(false);
  });

  it('proposes the redrive target of a dead-lettered message and moves it back over server-sent events', async () => {
    const work = await newQueue('work');
    const dlq = await newQueue('dlq');
    const ex = `${prefix}-orders`;
    exchanges.push(ex);
    await mgmt('PUT', `exchanges/${enc('/', ex)}`, { type: 'direct', durable: true });
    await mgmt('POST', `bindings/${enc('/')}/e/${enc(ex)}/q/${enc(work)}`, { routing_key: 'order.new' });
    await mgmt('PUT', `queues/${enc('/', work)}`, { durable: true, arguments: {} });
    // Dead-letter by rejection: work -> (DLX = default exchange, key = dlq).
    const worker = `${prefix}-worker`;
    queues.push(worker);
    await createQueue(worker, { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': dlq });
    await mgmt('POST', `bindings/${enc('/')}/e/${enc(ex)}/q/${enc(worker)}`, { routing_key: 'order.new' });
    const ch = await model.createConfirmChannel();
    ch.publish(ex, 'order.new', Buffer.from('{"order":7}'), { messageId: 'o-7' });
    await ch.waitForConfirms();
    const rejected = await ch.get(worker, { noAck: false });
    if (!rejected) throw new Error('no message to reject');
    ch.nack(rejected, false, false);
    await waitFor(async () => (await ch.checkQueue(dlq)).messageCount === 1);
    await ch.close();

    const proposal = (await (await proposeRoute(jsonRequest('POST', 'http://x', {}), q('/', dlq))).json()) as RedriveProposal;
    expect(proposal).toEqual({ exchange: ex, routingKey: 'order.new', originalQueue: worker, reason: 'rejected', sampled: 1, delivery: null, stopped: null });
    // The preview reads no message: it says how many, and where the exchange's bindings route the key now.
    const preview = (await (await movePreviewRoute(new Request(`http://x?toExchange=${enc(ex)}&routingKey=order.new`), q('/', dlq))).json()) as MovePreview;
    expect(preview).toMatchObject({ upTo: 1, exchange: { name: ex, type: 'direct' }, routingKey: 'order.new', source: { queue: dlq, ready: 1 } });
    expect(preview.routes?.map((r) => r.destination).sort()).toEqual([work, worker].sort());
    const started = await startMove(id, dlq, { exchange: ex, routingKey: 'order.new' });
    expect(started.status).toBe(201);
    const job = await finishedJob(((await started.json()) as Job).id);
    expect(job).toMatchObject({ status: 'succeeded', kind: 'rabbitmq-move', progress: { total: 1, read: 1, written: 1, confirmed: 1, skipped: 0 } });
    const counts = rabbitmqctlCounts();
    expect([counts.get(dlq), counts.get(work), counts.get(worker)]).toEqual([0, 2, 1]);
  });
});
