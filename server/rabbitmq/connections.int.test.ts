import { execFileSync } from 'node:child_process';
import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelList, ConnectionDetail, ConnectionList, ConsumerList } from '@/lib/contracts/rabbitmq-connections';
import type { QueueDetail, QueueList } from '@/lib/contracts/rabbitmq';
import { AMQP_URL, createQueue, deleteQueues, uniqueName, waitFor } from '@/test/rabbitmq/helpers';
import { call, login, withAuthConfig, type Session } from '@/test/support/auth-harness';

withAuthConfig();

const LIST = '/api/connections/{id}/rabbitmq/connections';
const ONE = '/api/connections/{id}/rabbitmq/connections/{name}';
const CONSUMERS = '/api/connections/{id}/rabbitmq/consumers';
const id = 'local-rabbitmq';
const run = uniqueName('conns');

type CtlConnection = { name: string; user: string; vhost: string; channels: number; state: string; client_properties: [string, string, unknown][] };

/** Client connections as the node itself lists them (not through the management API). */
function rabbitmqctlConnections(): Array<Omit<CtlConnection, 'client_properties'> & { clientName: string | null }> {
  const out = execFileSync('rabbitmqctl', ['-q', 'list_connections', '--formatter', 'json', 'name', 'user', 'vhost', 'channels', 'state', 'client_properties'], { encoding: 'utf8' });
  return (JSON.parse(out) as CtlConnection[]).map(({ client_properties, ...c }) => ({ ...c, clientName: (client_properties.find((p) => p[0] === 'connection_name')?.[2] as string | undefined) ?? null }));
}

const json = async <T,>(res: Response): Promise<T> => (await res.json()) as T;

describe('RabbitMQ client connections, channels and consumers against the real broker', () => {
  const s: Record<string, Session> = {};
  const names = { a: `${run}-a`, b: `${run}-b`, c: `${run}-c` };
  const queue = `${run}-work`;
  const sac = `${run}-sac`;
  const idle = `${run}-idle`;
  const empty = `${run}-empty`;
  const models: Record<string, ChannelModel> = {};
  let confirmCh: ConfirmChannel;
  const closed: Record<string, string> = {};

  beforeAll(async () => {
    for (const role of ['viewer', 'operator', 'admin']) s[role] = await login(role);
    await createQueue(queue);
    await createQueue(sac, { 'x-single-active-consumer': true });
    await createQueue(idle);
    await createQueue(empty);
    for (const [k, n] of Object.entries(names)) {
      models[k] = await connect(AMQP_URL, { clientProperties: { connection_name: n } });
      models[k].on('error', () => undefined);
      models[k].on('close', (err?: Error) => {
        closed[k] = err?.message ?? 'closed cleanly';
      });
    }
    // a: a confirm channel consuming with prefetch 5 (never acking), and a plain channel; b: no channel at all.
    confirmCh = await models.a.createConfirmChannel();
    await confirmCh.prefetch(5);
    await confirmCh.consume(queue, () => undefined, { consumerTag: `${run}-tag`, noAck: false });
    const plain = await models.a.createChannel();
    await plain.prefetch(0);
    for (let i = 0; i < 3; i++) confirmCh.sendToQueue(queue, Buffer.from(`m${i}`));
    await confirmCh.waitForConfirms();
    // Single active consumer: the first to subscribe is active, the second waits.
    const sac1 = await models.c.createChannel();
    await sac1.prefetch(2);
    await sac1.consume(sac, () => undefined, { consumerTag: `${run}-sac-1`, noAck: false });
    const sac2 = await models.c.createChannel();
    await sac2.consume(sac, () => undefined, { consumerTag: `${run}-sac-2`, noAck: true, arguments: { 'x-priority': 3 } });
    for (let i = 0; i < 2; i++) confirmCh.sendToQueue(idle, Buffer.from(`i${i}`));
    await confirmCh.waitForConfirms();
  });

  afterAll(async () => {
    for (const m of Object.values(models)) await m.close().catch(() => undefined);
    await deleteQueues([queue, sac, idle, empty]);
    const { closeStore } = await import('@/server/store/store');
    await closeStore();
  });

  async function ours(): Promise<ConnectionList['connections']> {
    const res = await call(s.viewer, 'GET', LIST, { id }, { query: { sort: 'clientName', pageSize: '500' } });
    expect(res.status).toBe(200);
    return (await json<ConnectionList>(res)).connections.filter((c) => c.clientName?.startsWith(run));
  }

  it('lists the connections as rabbitmqctl list_connections does: name, user, vhost, channels, state', async () => {
    let mine: ConnectionList['connections'] = [];
    // Connection stats (channels among them) reach the management API every 5 s.
    await waitFor(async () => {
      mine = await ours();
      return mine.length === 3 && mine.find((c) => c.clientName === names.a)?.channels === 2 && mine.find((c) => c.clientName === names.c)?.channels === 2;
    });
    const truth = rabbitmqctlConnections().filter((c) => c.clientName?.startsWith(run));
    expect(mine.map((c) => ({ name: c.name, user: c.user, vhost: c.vhost, channels: c.channels, state: c.state, clientName: c.clientName }))).toEqual(
      truth.sort((x, y) => (x.clientName ?? '').localeCompare(y.clientName ?? '')),
    );
    expect(mine.map((c) => c.clientName)).toEqual([names.a, names.b, names.c]);
    const a = mine[0];
    expect(a).toMatchObject({ protocol: 'AMQP 0-9-1', type: 'network', tls: false, peerHost: '127.0.0.1', stateReason: null, clientProduct: 'amqplib' });
    expect(Date.parse(a.connectedAt ?? '')).toBeGreaterThan(Date.now() - 600_000);

    // The broker pages and filters: one connection a page, and a search on the (peer address) name.
    const page = await json<ConnectionList>(await call(s.viewer, 'GET', LIST, { id }, { query: { pageSize: '1', page: '2' } }));
    expect(page).toMatchObject({ page: 2, pageSize: 1 });
    expect(page.connections).toHaveLength(1);
    expect(page.pageCount).toBeGreaterThanOrEqual(3);
    const port = a.name.split(' ')[0];
    const found = await json<ConnectionList>(await call(s.viewer, 'GET', LIST, { id }, { query: { search: port } }));
    expect(found.connections.map((c) => c.name)).toEqual([a.name]);
    const badRegex = await call(s.viewer, 'GET', LIST, { id }, { query: { search: '(', regex: 'true' } });
    expect(badRegex.status).toBe(400);
  });

  it('the detail lists the channels with prefetch, unacked, consumers and confirm mode', async () => {
    const a = (await ours()).find((c) => c.clientName === names.a)!;
    let detail: ConnectionDetail | undefined;
    await waitFor(async () => {
      const res = await call(s.viewer, 'GET', ONE, { id, name: a.name });
      detail = await json<ConnectionDetail>(res);
      return res.status === 200 && detail.channels.length === 2 && detail.channels[0].unacked === 3;
    });
    expect(detail!.connection).toMatchObject({ name: a.name, clientName: names.a, user: 'guest', vhost: '/' });
    expect(detail!.channels.map((c) => ({ number: c.number, prefetch: c.prefetch, unacked: c.unacked, consumers: c.consumers, mode: c.mode, state: c.state, connection: c.connection }))).toEqual([
      { number: 1, prefetch: 5, unacked: 3, consumers: 1, mode: 'confirm', state: 'running', connection: a.name },
      { number: 2, prefetch: 0, unacked: 0, consumers: 0, mode: 'none', state: 'running', connection: a.name },
    ]);
    const missing = await call(s.viewer, 'GET', ONE, { id, name: `${run} -> nowhere` });
    expect([missing.status, (await json<{ error: { message: string } }>(missing)).error.message]).toEqual([404, `connection "${run} -> nowhere" not found`]);
  });

  it('lists channels overall, paged and sorted by the broker, as rabbitmqctl list_channels does', async () => {
    const a = (await ours()).find((c) => c.clientName === names.a)!;
    const list = await json<ChannelList>(await call(s.viewer, 'GET', '/api/connections/{id}/rabbitmq/channels', { id }, { query: { search: a.name, sort: 'prefetch', order: 'desc' } }));
    expect(list.channels.map((c) => [c.name, c.prefetch, c.consumers, c.mode])).toEqual([
      [`${a.name} (1)`, 5, 1, 'confirm'],
      [`${a.name} (2)`, 0, 0, 'none'],
    ]);
    expect(list.totalCount).toBeGreaterThanOrEqual(4);
    const ctl = execFileSync('rabbitmqctl', ['-q', 'list_channels', '--no-table-headers', 'name', 'prefetch_count', 'consumer_count', 'confirm'], { encoding: 'utf8' });
    const truth = ctl
      .split('\n')
      .filter((l) => l.startsWith(`${a.name} (`))
      .map((l) => l.split('\t'))
      .map(([name, prefetch, consumers, confirm]) => [name, Number(prefetch), Number(consumers), confirm === 'true' ? 'confirm' : 'none']);
    expect(truth.sort()).toEqual(list.channels.map((c) => [c.name, c.prefetch, c.consumers, c.mode]).sort());
  });

  it('lists consumers overall and per queue: tag, ack mode, prefetch, activity status with single-active-consumer, arguments', async () => {
    const list = await json<ConsumerList>(await call(s.viewer, 'GET', CONSUMERS, { id }, { query: { vhost: '/' } }));
    const mine = list.consumers.filter((c) => c.queue.name.startsWith(run));
    const a = (await ours()).find((c) => c.clientName === names.a)!;
    const c = (await ours()).find((x) => x.clientName === names.c)!;
    expect(mine.map((x) => ({ tag: x.tag, queue: x.queue.name, ack: x.ackRequired, prefetch: x.prefetch, active: x.active, status: x.activityStatus, args: x.arguments, connection: x.connection }))).toEqual([
      { tag: `${run}-sac-1`, queue: sac, ack: true, prefetch: 2, active: true, status: 'single_active', args: {}, connection: c.name },
      { tag: `${run}-sac-2`, queue: sac, ack: false, prefetch: 0, active: false, status: 'waiting', args: { 'x-priority': 3 }, connection: c.name },
      { tag: `${run}-tag`, queue, ack: true, prefetch: 5, active: true, status: 'up', args: {}, connection: a.name },
    ]);
    expect(mine.find((x) => x.tag === `${run}-tag`)?.channel).toBe(`${a.name} (1)`);
    const all = await json<ConsumerList>(await call(s.viewer, 'GET', CONSUMERS, { id }));
    expect(all.consumers.filter((x) => x.queue.name.startsWith(run))).toEqual(mine);
    // rabbitmqctl agrees on who consumes what.
    const ctl = JSON.parse(execFileSync('rabbitmqctl', ['-q', 'list_consumers', '-p', '/', '--formatter', 'json', 'queue_name', 'consumer_tag', 'ack_required', 'prefetch_count', 'active'], { encoding: 'utf8' })) as Array<Record<string, unknown>>;
    expect(ctl.filter((x) => String(x.queue_name).startsWith(run)).map((x) => `${String(x.consumer_tag)} ${String(x.ack_required)} ${String(x.prefetch_count)} ${String(x.active)}`).sort()).toEqual(
      mine.map((x) => `${x.tag} ${x.ackRequired} ${x.prefetch} ${x.active}`).sort(),
    );

    const detail = await json<QueueDetail>(await call(s.viewer, 'GET', '/api/connections/{id}/queues/{vhost}/{name}', { id, vhost: '/', name: sac }));
    expect(detail.consumers.map((x) => [x.tag, x.activityStatus, x.active, x.arguments]).sort()).toEqual([
      [`${run}-sac-1`, 'single_active', true, {}],
      [`${run}-sac-2`, 'waiting', false, { 'x-priority': 3 }],
    ]);
  });

  it('the queue list flags a queue with ready messages and no consumer', async () => {
    let list: QueueList | undefined;
    await waitFor(async () => {
      list = await json<QueueList>(await call(s.viewer, 'GET', '/api/connections/{id}/queues', { id }, { query: { vhost: '/', search: run, pageSize: '100' } }));
      return list.queues.find((q) => q.name === idle)?.ready === 2 && list.queues.find((q) => q.name === queue)?.consumers === 1;
    });
    const flag = Object.fromEntries(list!.queues.map((q) => [q.name, q.unconsumed]));
    expect(flag).toEqual({ [queue]: false, [sac]: false, [idle]: true, [empty]: false });
    // Sorted by a column the broker sorts without statistics, the page's consumer counts come from a second call.
    const bySize = await json<QueueList>(await call(s.viewer, 'GET', '/api/connections/{id}/queues', { id }, { query: { vhost: '/', search: run, sort: 'ready', order: 'desc' } }));
    expect(bySize.queues.map((q) => [q.name, q.unconsumed])).toContainEqual([idle, true]);
  });

  it('closing a connection: admin only, refused on read-only connections, typed confirmation, the client gets the reason, audited', async () => {
    const b = (await ours()).find((c) => c.clientName === names.b)!;
    const reason = `maintenance ${run}`;
    const query = { confirm: b.name, reason };
    for (const role of ['viewer', 'operator']) {
      const res = await call(s[role], 'DELETE', ONE, { id, name: b.name }, { query });
      expect([res.status, (await json<{ error: { message: string } }>(res)).error.message]).toEqual([403, expect.stringContaining('needs admin')]);
    }
    const ro = await call(s.admin, 'DELETE', ONE, { id: 'readonly-rabbitmq', name: b.name }, { query });
    expect([ro.status, (await json<{ error: { message: string } }>(ro)).error.message]).toEqual([403, 'Connection "readonly-rabbitmq" is read-only']);
    const typo = await call(s.admin, 'DELETE', ONE, { id, name: b.name }, { query: { confirm: `${b.name}x`, reason } });
    expect(typo.status).toBe(400);
    const unicode = await call(s.admin, 'DELETE', ONE, { id, name: b.name }, { query: { confirm: b.name, reason: 'café' } });
    expect(unicode.status).toBe(400);
    // Nothing refused above closed it.
    expect(closed.b).toBeUndefined();
    expect(rabbitmqctlConnections().some((c) => c.name === b.name)).toBe(true);

    const ok = await call(s.admin, 'DELETE', ONE, { id, name: b.name }, { query });
    expect([ok.status, await json<unknown>(ok)]).toEqual([200, { ok: true, reason }]);
    await waitFor(() => closed.b !== undefined);
    expect(closed.b).toContain('CONNECTION_FORCED');
    expect(closed.b).toContain(reason);
    await waitFor(() => !rabbitmqctlConnections().some((c) => c.name === b.name));
    expect(closed.a).toBeUndefined();

    const gone = await call(s.admin, 'DELETE', ONE, { id, name: b.name }, { query });
    expect(gone.status).toBe(404);
    const audit = await json<{ entries: Array<{ username: string; route: string | null; status: number; method: string }> }>(await call(s.admin, 'GET', '/api/audit', {}, { query: { method: 'DELETE' } }));
    const entries = audit.entries.filter((e) => e.route === ONE);
    expect(entries).toContainEqual(expect.objectContaining({ username: 'admin', status: 200 }));
    expect(entries).toContainEqual(expect.objectContaining({ username: 'viewer', status: 403 }));
  });
});
