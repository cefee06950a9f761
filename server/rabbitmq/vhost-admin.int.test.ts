import { execFileSync } from 'node:child_process';
import { connect, type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@/lib/contracts/auth';
import type { VhostAdminDetail, VhostAdminList, VhostDeletePreview } from '@/lib/contracts/rabbitmq-access';
import { mgmt, uniqueName, waitFor } from '@/test/rabbitmq/helpers';
import { call, login, withAuthConfig, type Session } from '@/test/support/auth-harness';

withAuthConfig();

const id = 'local-rabbitmq';
const VHOSTS = '/api/connections/{id}/rabbitmq/vhosts';
const VHOST = `${VHOSTS}/{vhost}`;
const PREVIEW = `${VHOST}/delete-preview`;
const LIMIT = `${VHOST}/limits/{name}`;
const PERMS = '/api/connections/{id}/rabbitmq/users/{name}/permissions/{vhost}';
const run = uniqueName('vhosts');
const vhost = `${run}-a`;
const other = `${run}-b`;

type Ctl = Record<string, unknown>;
const ctl = (...args: string[]): Ctl[] => JSON.parse(execFileSync('rabbitmqctl', ['-q', ...args, '--formatter', 'json'], { encoding: 'utf8' })) as Ctl[];
const ctlVhost = (name: string) => ctl('list_vhosts', 'name', 'description', 'tags').find((v) => v.name === name);
/** `rabbitmqctl list_vhost_limits -p` prints the limits as one JSON text. */
function ctlLimits(name: string): Record<string, number> {
  const out = execFileSync('rabbitmqctl', ['-q', 'list_vhost_limits', '-p', name, '--formatter', 'json'], { encoding: 'utf8' }).trim();
  if (!out) return {};
  const parsed = JSON.parse(out) as { value?: string } | Array<{ limits: string }>;
  const text = Array.isArray(parsed) ? parsed[0]?.limits : parsed.value;
  return text ? (JSON.parse(text) as Record<string, number>) : {};
}

const json = async <T,>(res: Response): Promise<T> => (await res.json()) as T;
const errorOf = async (res: Response) => ({ status: res.status, ...(await json<{ error: { code: string; message: string } }>(res)).error });

describe('RabbitMQ vhosts and vhost limits against the real broker', () => {
  const s: Record<string, Session> = {};
  const models: ChannelModel[] = [];

  beforeAll(async () => {
    for (const role of ['viewer', 'operator', 'admin']) s[role] = await login(role);
  });

  afterAll(async () => {
    for (const m of models) await m.close().catch(() => undefined);
    for (const v of [vhost, other]) await mgmt('DELETE', `vhosts/${encodeURIComponent(v)}`);
    const { closeStore } = await import('@/server/store/store');
    await closeStore();
  });

  it('creates a vhost with a description and tags (admin only), as rabbitmqctl list_vhosts shows', async () => {
    const body = { name: vhost, description: 'Wharf test vhost', tags: ['wharf-test', 'team-a'] };
    expect((await call(s.operator, 'POST', VHOSTS, { id }, { body })).status).toBe(403);
    expect(ctlVhost(vhost)).toBeUndefined();
    expect((await call(s.admin, 'POST', VHOSTS, { id }, { body })).status).toBe(201);
    expect(ctlVhost(vhost)).toEqual({ name: vhost, description: 'Wharf test vhost', tags: ['wharf-test', 'team-a'] });
    expect(await errorOf(await call(s.admin, 'POST', VHOSTS, { id }, { body }))).toMatchObject({ status: 409, message: `vhost "${vhost}" already exists` });

    // RabbitMQ 3.10 accepts a default queue type and ignores it: Wharf says so instead of pretending.
    const list = await json<VhostAdminList>(await call(s.viewer, 'GET', VHOSTS, { id }));
    expect(list).toMatchObject({ defaultQueueTypeSupported: false, wharfVhost: '/' });
    const dqt = await call(s.admin, 'POST', VHOSTS, { id }, { body: { name: other, tags: [], defaultQueueType: 'quorum' } });
    expect(await errorOf(dqt)).toMatchObject({ status: 400, message: expect.stringMatching(/^Invalid body field defaultQueueType: /) });
    expect(ctlVhost(other)).toBeUndefined();
    const noTags = await call(s.admin, 'POST', VHOSTS, { id }, { body: { name: other } });
    expect(await errorOf(noTags)).toMatchObject({ status: 400, message: expect.stringMatching(/^Invalid body field tags/) });

    expect(list.vhosts.find((v) => v.name === vhost)).toEqual({
      name: vhost,
      description: 'Wharf test vhost',
      tags: ['wharf-test', 'team-a'],
      defaultQueueType: null,
      limits: { maxConnections: null, maxQueues: null },
      messages: expect.toBeOneOf([0, null]),
      ready: expect.toBeOneOf([0, null]),
      unacked: expect.toBeOneOf([0, null]),
      queues: 0,
      exchanges: 7,
      connections: 0,
    });
  });

  it('edits the description and tags; a vhost that does not exist is a 404', async () => {
    expect((await call(s.admin, 'PUT', VHOST, { id, vhost }, { body: { description: 'Edited', tags: ['team-b'] } })).status).toBe(200);
    expect(ctlVhost(vhost)).toEqual({ name: vhost, description: 'Edited', tags: ['team-b'] });
    const missing = `${run}-missing`;
    for (const [method, path, body] of [
      ['PUT', VHOST, { description: '', tags: [] }],
      ['GET', VHOST, undefined],
      ['GET', PREVIEW, undefined],
      ['PUT', LIMIT, { limit: 3 }],
      ['DELETE', LIMIT, undefined],
    ] as const) {
      const res = await call(s.admin, method, path, { id, vhost: missing, name: 'max-queues' }, { body });
      expect(await errorOf(res), `${method} ${path}`).toMatchObject({ status: 404, message: `vhost "${missing}" not found` });
    }
    const del = await call(s.admin, 'DELETE', VHOST, { id, vhost: missing }, { query: { confirm: missing } });
    expect((await errorOf(del)).status).toBe(404);
    expect(ctlVhost(missing)).toBeUndefined();
  });

  it('sets and removes vhost limits, as rabbitmqctl list_vhost_limits shows', async () => {
    expect((await call(s.operator, 'PUT', LIMIT, { id, vhost, name: 'max-connections' }, { body: { limit: 10 } })).status).toBe(403);
    const set = await call(s.admin, 'PUT', LIMIT, { id, vhost, name: 'max-connections' }, { body: { limit: 10 } });
    expect([set.status, await set.text()]).toEqual([200, '{"ok":true}']);
    expect((await call(s.admin, 'PUT', LIMIT, { id, vhost, name: 'max-queues' }, { body: { limit: 0 } })).status).toBe(200);
    expect(ctlLimits(vhost)).toEqual({ 'max-connections': 10, 'max-queues': 0 });
    const detail = await json<VhostAdminDetail>(await call(s.viewer, 'GET', VHOST, { id, vhost }));
    expect(detail.vhost.limits).toEqual({ maxConnections: 10, maxQueues: 0 });

    const badName = await call(s.admin, 'PUT', LIMIT, { id, vhost, name: 'max-bogus' }, { body: { limit: 1 } });
    expect(await errorOf(badName)).toMatchObject({ status: 400, message: expect.stringContaining('"max-bogus" is not a vhost limit') });
    for (const limit of [-2, 1.5, 'x']) {
      const bad = await call(s.admin, 'PUT', LIMIT, { id, vhost, name: 'max-queues' }, { body: { limit } });
      expect(await errorOf(bad)).toMatchObject({ status: 400, message: expect.stringMatching(/^Invalid body field limit: /) });
    }
    expect(ctlLimits(vhost)).toEqual({ 'max-connections': 10, 'max-queues': 0 });

    expect((await call(s.admin, 'DELETE', LIMIT, { id, vhost, name: 'max-queues' })).status).toBe(200);
    expect(ctlLimits(vhost)).toEqual({ 'max-connections': 10 });
    expect((await call(s.admin, 'DELETE', LIMIT, { id, vhost, name: 'max-connections' })).status).toBe(200);
    expect(ctlLimits(vhost)).toEqual({});

    const audit = (await json<{ entries: AuditEntry[] }>(await call(s.admin, 'GET', '/api/audit', {}, { query: { q: `/vhosts/${vhost}/limits/`, limit: '50' } }))).entries;
    expect(audit.map((e) => [e.method, e.status, e.username]).filter(([, st]) => st === 200)).toHaveLength(4);
  });

  it('previews what deleting a vhost takes (queues with their messages, exchanges, connections, users) and deletes it after the name is typed back', async () => {
    const perm = { configure: '.*', write: '.*', read: '.*' };
    expect((await call(s.admin, 'PUT', PERMS, { id, name: 'guest', vhost }, { body: perm })).status).toBe(200);
    expect(ctl('list_permissions', '-p', vhost)).toEqual([{ user: 'guest', ...perm }]);
    const model = await connect(`amqp://guest:guest@127.0.0.1:5672/${encodeURIComponent(vhost)}`, { clientProperties: { connection_name: `${run}-conn` } });
    models.push(model);
    let closedWith: string | null = null;
    model.on('error', () => undefined);
    model.on('close', (e?: Error) => (closedWith = e?.message ?? 'clean'));
    const ch = await model.createConfirmChannel();
    await ch.assertQueue(`${run}-q1`, { durable: true });
    await ch.assertQueue(`${run}-q2`, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await ch.assertExchange(`${run}-ex`, 'topic', { durable: true });
    for (let i = 0; i < 3; i++) ch.sendToQueue(`${run}-q1`, Buffer.from(`m${i}`));
    ch.sendToQueue(`${run}-q2`, Buffer.from('q'));
    await ch.waitForConfirms();

    let preview: VhostDeletePreview | undefined;
    // Queue depths and connections reach the management API every 5 s.
    await waitFor(async () => {
      preview = await json<VhostDeletePreview>(await call(s.viewer, 'GET', PREVIEW, { id, vhost }));
      return preview.messages === 4 && preview.connectionCount === 1 && preview.queues.every((q) => q.messages !== null);
    }, 30_000);
    expect(preview).toMatchObject({ vhost, queueCount: 2, messages: 4, exchanges: [`${run}-ex`], exchangeCount: 1, connectionCount: 1, users: ['guest'], refusal: null });
    expect(preview!.queues).toEqual([
      { name: `${run}-q1`, type: 'classic', messages: 3 },
      { name: `${run}-q2`, type: 'quorum', messages: 1 },
    ]);
    expect(preview!.connections[0]).toMatchObject({ user: 'guest', vhost, clientName: `${run}-conn` });
    const listed = await call(s.viewer, 'GET', VHOSTS, { id });
    const listText = await listed.text();
    expect(listed.status, listText).toBe(200);
    expect((JSON.parse(listText) as VhostAdminList).vhosts.find((v) => v.name === vhost)).toMatchObject({ queues: 2, exchanges: 8, connections: 1, messages: 4 });

    const wrong = await call(s.admin, 'DELETE', VHOST, { id, vhost }, { query: { confirm: `${vhost}x` } });
    expect(await errorOf(wrong)).toMatchObject({ status: 400, message: `Type the name "${vhost}" to confirm (confirm parameter does not match)` });
    expect((await call(s.operator, 'DELETE', VHOST, { id, vhost }, { query: { confirm: vhost } })).status).toBe(403);
    expect(ctlVhost(vhost)).toBeDefined();
    expect((await call(s.admin, 'DELETE', VHOST, { id, vhost }, { query: { confirm: vhost } })).status).toBe(200);
    expect(ctlVhost(vhost)).toBeUndefined();
    await waitFor(() => closedWith !== null);
    expect(closedWith).toContain('CONNECTION_FORCED');
  });

  it("refuses to delete the vhost Wharf's AMQP URL opens (/) with a 409 naming it", async () => {
    const preview = await json<VhostDeletePreview>(await call(s.viewer, 'GET', PREVIEW, { id, vhost: '/' }));
    expect(preview.refusal).toBe('Wharf\'s AMQP URL for connection "local-rabbitmq" opens vhost "/": it cannot be deleted from Wharf');
    const del = await call(s.admin, 'DELETE', VHOST, { id, vhost: '/' }, { query: { confirm: '/' } });
    expect(await errorOf(del)).toEqual({ status: 409, code: 'CONFLICT', message: preview.refusal });
    expect(ctlVhost('/')).toBeDefined();
  });
});
