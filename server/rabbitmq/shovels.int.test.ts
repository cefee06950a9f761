import { execFileSync } from 'node:child_process';
import { connect, type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@/lib/contracts/auth';
import type { CreateShovelBody, FederationList, Shovel, ShovelList, ShovelPreview } from '@/lib/contracts/rabbitmq-shovels';
import { AMQP_URL, enc, mgmt, uniqueName, waitFor } from '@/test/rabbitmq/helpers';
import { call, login, withAuthConfig, type Session } from '@/test/support/auth-harness';

withAuthConfig();

const LIST = '/api/connections/{id}/rabbitmq/shovels';
const PREVIEW = '/api/connections/{id}/rabbitmq/shovels/preview';
const ONE = '/api/connections/{id}/rabbitmq/shovels/{vhost}/{name}';
const RESTART = '/api/connections/{id}/rabbitmq/shovels/{vhost}/{name}/restart';
const LINKS = '/api/connections/{id}/rabbitmq/federation-links';
const LINK_RESTART = '/api/connections/{id}/rabbitmq/federation-links/{vhost}/{name}/restart';
const id = 'local-rabbitmq';
const run = uniqueName('shovels');
/** The shovels' own vhost (source side) and a second one (destination, federation upstream). */
const va = `${run}-a`;
const vb = `${run}-b`;
/** A URI with a password, as a user would give one to another broker; it must never come back. */
const secretUri = (vhost: string) => `${AMQP_URL}/${encodeURIComponent(vhost)}`;
const PASSWORD_IN_URI = /:\/\/[^/@\s"]*:guest@/;

const json = async <T,>(res: Response): Promise<T> => (await res.json()) as T;
const errorOf = async (res: Response) => ({ status: res.status, ...(await json<{ error: { code: string; message: string } }>(res)).error });

type CtlShovel = { name: string; vhost?: string; state: string; type: string };
/** Shovels as the node itself reports them (rabbitmqctl, not the management API). */
function ctlShovels(vhost: string): CtlShovel[] {
  const out = execFileSync('rabbitmqctl', ['-q', 'shovel_status', '--formatter', 'json'], { encoding: 'utf8' });
  return (JSON.parse(out) as CtlShovel[]).filter((s) => s.vhost === vhost);
}

type CtlLink = { upstream: string; vhost: string; status: string; exchange: string; queue: string; id: string };
function ctlLinks(vhost: string): CtlLink[] {
  const out = execFileSync('rabbitmqctl', ['-q', 'federation_status', '--formatter', 'json'], { encoding: 'utf8' });
  return (JSON.parse(out) as CtlLink[]).filter((l) => l.vhost === vhost);
}

function ctlDepth(vhost: string, queue: string): number | undefined {
  const out = execFileSync('rabbitmqctl', ['-q', 'list_queues', '-p', vhost, '--no-table-headers', 'name', 'messages'], { encoding: 'utf8' });
  for (const line of out.split('\n')) {
    const [name, n] = line.split('\t');
    if (name === queue) return Number(n);
  }
  return undefined;
}

async function publish(model: ChannelModel, vhostQueue: string, n: number, from = 0): Promise<void> {
  const ch = await model.createConfirmChannel();
  for (let i = from; i < from + n; i++) ch.sendToQueue(vhostQueue, Buffer.from(`m${i}`), { persistent: true });
  await ch.waitForConfirms();
  await ch.close();
}

describe('shovels and federation links against the real broker', () => {
  const s: Record<string, Session> = {};
  let modelA: ChannelModel;

  beforeAll(async () => {
    for (const role of ['viewer', 'operator', 'admin']) s[role] = await login(role);
    for (const v of [va, vb]) {
      await mgmt('PUT', `vhosts/${enc(v)}`);
      await mgmt('PUT', `permissions/${enc(v, 'guest')}`, { configure: '.*', write: '.*', read: '.*' });
    }
    await mgmt('PUT', `queues/${enc(va, 'src')}`, { durable: true });
    await mgmt('PUT', `queues/${enc(vb, 'dest')}`, { durable: true });
    modelA = await connect(`${AMQP_URL}/${encodeURIComponent(va)}`);
  });

  afterAll(async () => {
    await modelA?.close().catch(() => undefined);
    // Deleting a vhost takes its shovels, upstreams, policies and queues with it.
    for (const v of [va, vb]) await mgmt('DELETE', `vhosts/${enc(v)}`);
    const { closeStore } = await import('@/server/store/store');
    await closeStore();
  });

  const listed = async (session = s.viewer): Promise<Shovel[]> => {
    const res = await call(session, 'GET', LIST, { id }, { query: { vhost: va } });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(text).not.toMatch(PASSWORD_IN_URI);
    return (JSON.parse(text) as ShovelList).shovels;
  };

  it('previews, creates (admin only), runs, moves N messages, restarts and deletes a queue -> queue shovel between two vhosts', async () => {
    const N = 25;
    await publish(modelA, 'src', N);
    const body: CreateShovelBody = {
      vhost: va,
      name: 'q2q',
      source: { kind: 'queue', queue: 'src' },
      destination: { kind: 'queue', queue: 'dest', vhost: vb },
      ackMode: 'on-confirm',
      deleteAfter: 'never',
      prefetch: 50,
    };
    await waitFor(async () => ctlDepth(va, 'src') === N);
    // The depth is the management API's, refreshed every 5 s.
    let preview: ShovelPreview | undefined;
    await waitFor(async () => (preview = await json<ShovelPreview>(await call(s.admin, 'POST', PREVIEW, { id }, { body }))).source?.depth === N, 20_000, 500);
    expect(preview).toMatchObject({ name: 'q2q', vhost: va, exists: false, source: { kind: 'queue', name: 'src', depth: N, declared: false }, destination: { kind: 'queue', name: 'dest' }, willMove: null });
    expect(preview!.summary).toContain(`the ${N} messages in queue "src"`);
    const oneShot = await json<ShovelPreview>(await call(s.admin, 'POST', PREVIEW, { id }, { body: { ...body, deleteAfter: 'queue-length' } }));
    expect(oneShot.willMove).toBe(N);

    for (const role of ['viewer', 'operator']) {
      const res = await call(s[role], 'POST', LIST, { id }, { body });
      expect([res.status, (await errorOf(res)).message]).toEqual([403, expect.stringContaining('needs admin')]);
    }
    const ro = await call(s.admin, 'POST', LIST, { id: 'readonly-rabbitmq' }, { body });
    expect(await errorOf(ro)).toMatchObject({ status: 403, message: 'Connection "readonly-rabbitmq" is read-only' });
    expect(ctlDepth(va, 'src')).toBe(N);

    const created = await call(s.admin, 'POST', LIST, { id }, { body });
    expect([created.status, await json<unknown>(created)]).toEqual([200, { ok: true, name: 'q2q', vhost: va }]);
    const again = await call(s.admin, 'POST', LIST, { id }, { body });
    expect(await errorOf(again)).toMatchObject({ status: 409, message: `A shovel named "q2q" exists already in vhost "${va}"` });

    let shovel: Shovel | undefined;
    await waitFor(async () => {
      shovel = (await listed()).find((x) => x.name === 'q2q');
      return shovel?.state === 'running' && ctlDepth(vb, 'dest') === N;
    }, 30_000);
    expect(shovel).toMatchObject({
      vhost: va,
      type: 'dynamic',
      state: 'running',
      node: expect.stringMatching(/@/),
      source: { uris: ['amqp:///' + encodeURIComponent(va)], queue: 'src', exchange: null, protocol: 'amqp091' },
      destination: { uris: ['amqp:///' + encodeURIComponent(vb)], queue: 'dest' },
      ackMode: 'on-confirm',
      deleteAfter: 'never',
      prefetch: 50,
      reason: null,
      // RabbitMQ 3.10 reports no count of moved messages: unknown, not 0.
      messagesTransferred: null,
    });
    expect(ctlDepth(va, 'src')).toBe(0);
    expect(ctlShovels(va).map((x) => [x.name, x.state, x.type])).toEqual([['q2q', 'running', 'dynamic']]);

    for (const role of ['viewer', 'operator']) expect((await call(s[role], 'POST', RESTART, { id, vhost: va, name: 'q2q' })).status).toBe(403);
    const restarted = await call(s.admin, 'POST', RESTART, { id, vhost: va, name: 'q2q' });
    expect([restarted.status, await json<unknown>(restarted)]).toEqual([200, { ok: true }]);
    expect((await call(s.admin, 'POST', RESTART, { id, vhost: va, name: 'no-such-shovel' })).status).toBe(404);
    await waitFor(async () => (await listed()).find((x) => x.name === 'q2q')?.state === 'running', 30_000);
    await publish(modelA, 'src', 5, N);
    await waitFor(async () => ctlDepth(vb, 'dest') === N + 5, 30_000);

    const detail = await json<Shovel>(await call(s.viewer, 'GET', ONE, { id, vhost: va, name: 'q2q' }));
    expect(detail).toMatchObject({ name: 'q2q', state: 'running', source: { queue: 'src' } });
    expect((await call(s.viewer, 'GET', ONE, { id, vhost: va, name: 'nope' })).status).toBe(404);

    for (const role of ['viewer', 'operator']) expect((await call(s[role], 'DELETE', ONE, { id, vhost: va, name: 'q2q' }, { query: { confirm: 'q2q' } })).status).toBe(403);
    expect((await call(s.admin, 'DELETE', ONE, { id, vhost: va, name: 'q2q' }, { query: { confirm: 'q2' } })).status).toBe(400);
    expect(ctlShovels(va)).toHaveLength(1);
    const deleted = await call(s.admin, 'DELETE', ONE, { id, vhost: va, name: 'q2q' }, { query: { confirm: 'q2q' } });
    expect([deleted.status, await json<unknown>(deleted)]).toEqual([200, { ok: true }]);
    await waitFor(() => ctlShovels(va).length === 0);
    expect((await listed()).map((x) => x.name)).not.toContain('q2q');
    expect((await call(s.admin, 'DELETE', ONE, { id, vhost: va, name: 'q2q' }, { query: { confirm: 'q2q' } })).status).toBe(404);
    // Deleting moved nothing back.
    expect(ctlDepth(vb, 'dest')).toBe(N + 5);

    const audit = await json<{ entries: AuditEntry[] }>(await call(s.admin, 'GET', '/api/audit', {}, { query: { q: '/rabbitmq/shovels' } }));
    const mine = audit.entries.filter((e) => e.route?.startsWith(LIST) && (JSON.stringify(e.params).includes(va) || e.path.includes(encodeURIComponent(va))));
    expect(mine).toContainEqual(expect.objectContaining({ username: 'admin', method: 'POST', route: LIST, status: 200 }));
    expect(mine).toContainEqual(expect.objectContaining({ username: 'admin', method: 'POST', route: RESTART, status: 200 }));
    expect(mine).toContainEqual(expect.objectContaining({ username: 'admin', method: 'DELETE', route: ONE, status: 200 }));
    expect(mine).toContainEqual(expect.objectContaining({ username: 'operator', method: 'POST', route: LIST, status: 403 }));
    // Previews are POSTs, audited like every one.
    expect(mine).toContainEqual(expect.objectContaining({ username: 'admin', method: 'POST', route: PREVIEW, status: 200 }));
  }, 120_000);

  it('a URI with a password (exchange source, delete after a count): the password never comes back, nor reaches the audit log', async () => {
    await mgmt('PUT', `exchanges/${enc(va, 'events')}`, { type: 'topic', durable: true });
    await mgmt('PUT', `queues/${enc(vb, 'counted')}`, { durable: true });
    const body: CreateShovelBody = {
      vhost: va,
      name: 'by-uri',
      source: { kind: 'exchange', exchange: 'events', routingKey: 'order.#', uri: secretUri(va) },
      destination: { kind: 'queue', queue: 'counted', uri: secretUri(vb) },
      ackMode: 'on-publish',
      deleteAfter: 3,
      prefetch: 10,
    };
    const previewRes = await call(s.admin, 'POST', PREVIEW, { id }, { body });
    const previewText = await previewRes.text();
    expect(previewRes.status, previewText).toBe(200);
    expect(previewText).not.toMatch(PASSWORD_IN_URI);
    const preview = JSON.parse(previewText) as ShovelPreview;
    expect(preview).toMatchObject({ source: { kind: 'exchange', name: 'events', depth: null, location: `amqp://guest:***@127.0.0.1:5672/${encodeURIComponent(va)}` }, willMove: 3 });

    const created = await call(s.admin, 'POST', LIST, { id }, { body });
    expect(created.status, await created.clone().text()).toBe(200);
    let shovel: Shovel | undefined;
    await waitFor(async () => {
      shovel = (await listed()).find((x) => x.name === 'by-uri');
      return shovel?.state === 'running';
    }, 30_000);
    expect(shovel).toMatchObject({
      source: { uris: [`amqp://guest:***@127.0.0.1:5672/${encodeURIComponent(va)}`], exchange: 'events', routingKey: 'order.#', queue: null },
      destination: { uris: [`amqp://guest:***@127.0.0.1:5672/${encodeURIComponent(vb)}`], queue: 'counted' },
      ackMode: 'on-publish',
      deleteAfter: 3,
    });
    // The broker keeps the password (it needs it); Wharf only shows it masked.
    const stored = (await mgmt('GET', `parameters/shovel/${enc(va, 'by-uri')}`)) as { value: { 'src-uri': string } };
    expect(stored.value['src-uri']).toBe(secretUri(va));
    const detailText = await (await call(s.viewer, 'GET', ONE, { id, vhost: va, name: 'by-uri' })).text();
    expect(detailText).not.toMatch(PASSWORD_IN_URI);

    // Five published, the shovel stops after three and deletes itself.
    const ch = await modelA.createConfirmChannel();
    for (let i = 0; i < 5; i++) ch.publish('events', 'order.created', Buffer.from(`e${i}`));
    await ch.waitForConfirms();
    await ch.close();
    await waitFor(async () => ctlDepth(vb, 'counted') === 3 && !(await listed()).some((x) => x.name === 'by-uri'), 30_000);

    const audit = await json<{ entries: AuditEntry[] }>(await call(s.admin, 'GET', '/api/audit', {}, { query: { q: '/rabbitmq/shovels', method: 'POST' } }));
    const entry = audit.entries.find((e) => e.route === LIST && e.status === 200 && JSON.stringify(e.params).includes('by-uri'));
    expect(entry).toBeDefined();
    const previewEntry = audit.entries.find((e) => e.route === PREVIEW && JSON.stringify(e.params).includes('by-uri'));
    expect(previewEntry).toBeDefined();
    const logged = JSON.stringify([entry, previewEntry]);
    expect(logged).not.toMatch(PASSWORD_IN_URI);
    expect(logged).toContain('amqp://guest:[redacted]@127.0.0.1:5672');
  }, 90_000);

  it('reports a terminated shovel with its reason, and refuses bad bodies with a 400 naming the field', async () => {
    const body: CreateShovelBody = { vhost: va, name: 'broken', source: { kind: 'exchange', exchange: 'no-such-exchange' }, destination: { kind: 'queue', queue: 'dest', vhost: vb } };
    expect((await call(s.admin, 'POST', LIST, { id }, { body })).status).toBe(200);
    let shovel: Shovel | undefined;
    await waitFor(async () => {
      shovel = (await listed()).find((x) => x.name === 'broken');
      return shovel?.state === 'terminated';
    }, 30_000);
    expect(shovel?.reason).toEqual(expect.any(String));
    expect(ctlShovels(va).find((x) => x.name === 'broken')?.state).toBe('terminated');

    const bad: Array<[unknown, RegExp]> = [
      [{ ...body, name: 'x', deleteAfter: 'queue-length' }, /deleteAfter: queue-length needs a queue/],
      [{ ...body, name: 'x', source: { kind: 'queue', queue: 'src', uri: 'http://example.com' } }, /source\.uri: must be an amqp/],
      [{ ...body, name: 'x', source: { kind: 'queue', queue: 'src', uri: secretUri(va), vhost: va } }, /source: give a vhost or a URI, not both/],
      [{ ...body, name: 'x', prefetch: 0 }, /prefetch/],
      [{ ...body, name: 'x', ackMode: 'sometimes' }, /ackMode/],
      [{ ...body, name: 'x', destination: { kind: 'stream', queue: 'q' } }, /destination/],
    ];
    for (const [b, message] of bad) {
      const e = await errorOf(await call(s.admin, 'POST', LIST, { id }, { body: b }));
      expect({ status: e.status, message: e.message }).toEqual({ status: 400, message: expect.stringMatching(message) });
    }
    const noVhost = await errorOf(await call(s.admin, 'POST', PREVIEW, { id }, { body: { ...body, name: 'x', destination: { kind: 'queue', queue: 'q', vhost: `${run}-none` } } }));
    expect(noVhost).toMatchObject({ status: 404, message: `vhost "${run}-none" not found` });
    expect((await call(s.admin, 'DELETE', ONE, { id, vhost: va, name: 'broken' }, { query: { confirm: 'broken' } })).status).toBe(200);
  }, 60_000);

  it('federation: an upstream on the same broker and a policy on an exchange give a running link; restart is admin only; URIs masked', async () => {
    await mgmt('PUT', `exchanges/${enc(va, 'fed.x')}`, { type: 'topic', durable: true });
    await mgmt('PUT', `exchanges/${enc(vb, 'fed.x')}`, { type: 'topic', durable: true });
    await mgmt('PUT', `parameters/federation-upstream/${enc(va, 'up-b')}`, { value: { uri: secretUri(vb), 'ack-mode': 'on-confirm', 'prefetch-count': 100 } });
    await mgmt('PUT', `policies/${enc(va, 'fed')}`, { pattern: '^fed\\.x$', 'apply-to': 'exchanges', definition: { 'federation-upstream': 'up-b' } });

    let list: FederationList | undefined;
    await waitFor(async () => {
      const res = await call(s.viewer, 'GET', LINKS, { id }, { query: { vhost: va } });
      const text = await res.text();
      expect(res.status, text).toBe(200);
      expect(text).not.toMatch(PASSWORD_IN_URI);
      list = JSON.parse(text) as FederationList;
      return list.links.some((l) => l.status === 'running');
    }, 30_000);
    const link = list!.links[0];
    expect(list!.links).toHaveLength(1);
    expect(link).toMatchObject({ vhost: va, type: 'exchange', target: 'fed.x', upstream: 'up-b', upstreamTarget: 'fed.x', status: 'running', error: null, uri: `amqp://127.0.0.1:5672/${encodeURIComponent(vb)}` });
    expect(list!.upstreams).toEqual([{ vhost: va, name: 'up-b', uris: [`amqp://guest:***@127.0.0.1:5672/${encodeURIComponent(vb)}`], ackMode: 'on-confirm', prefetch: 100, reconnectDelay: null, exchange: null, queue: null, maxHops: null }]);
    expect(ctlLinks(va).map((l) => [l.upstream, l.exchange, l.status, l.id])).toEqual([['up-b', 'fed.x', 'running', link.id]]);

    const p = { id, vhost: va, name: link.id };
    const query = { node: link.node! };
    for (const role of ['viewer', 'operator']) expect((await call(s[role], 'POST', LINK_RESTART, p, { query })).status).toBe(403);
    const restarted = await call(s.admin, 'POST', LINK_RESTART, p, { query });
    expect([restarted.status, await json<unknown>(restarted)]).toEqual([200, { ok: true }]);
    // Without a node: the one the broker reports for the link.
    const byId = await call(s.admin, 'POST', LINK_RESTART, p);
    expect([byId.status, await json<unknown>(byId)]).toEqual([200, { ok: true }]);
    expect(await errorOf(await call(s.admin, 'POST', LINK_RESTART, { ...p, name: 'nolink00' }))).toMatchObject({ status: 404, message: `federation link "nolink00" in vhost "${va}" not found` });
    expect((await call(s.admin, 'POST', LINK_RESTART, { ...p, name: 'nolink00' }, { query })).status).toBe(404);
    await waitFor(async () => (await json<FederationList>(await call(s.viewer, 'GET', LINKS, { id }, { query: { vhost: va } }))).links[0]?.status === 'running', 30_000);

    // A link whose upstream refuses the login is reported in error, with the broker's reason.
    await mgmt('PUT', `parameters/federation-upstream/${enc(va, 'up-bad')}`, { value: { uri: `amqp://guest:wrong-password@127.0.0.1:5672/${encodeURIComponent(vb)}` } });
    await mgmt('PUT', `queues/${enc(va, 'fed.q')}`, { durable: true });
    await mgmt('PUT', `policies/${enc(va, 'fedq')}`, { pattern: '^fed\\.q$', 'apply-to': 'queues', definition: { 'federation-upstream': 'up-bad' } });
    let bad: FederationList['links'][number] | undefined;
    await waitFor(async () => {
      const res = await call(s.viewer, 'GET', LINKS, { id }, { query: { vhost: va } });
      const text = await res.text();
      expect(text).not.toContain('wrong-password');
      bad = (JSON.parse(text) as FederationList).links.find((l) => l.upstream === 'up-bad');
      return bad?.status === 'error';
    }, 30_000);
    expect(bad).toMatchObject({ type: 'queue', target: 'fed.q', upstreamTarget: 'fed.q', error: expect.stringContaining('ACCESS_REFUSED') });
  }, 90_000);
});
