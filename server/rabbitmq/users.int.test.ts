import { execFileSync } from 'node:child_process';
import { connect, type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@/lib/contracts/auth';
import type { RabbitUser, UserDeletePreview, UserList } from '@/lib/contracts/rabbitmq-access';
import { MGMT, mgmt, uniqueName, waitFor } from '@/test/rabbitmq/helpers';
import { call, login, withAuthConfig, type Session } from '@/test/support/auth-harness';

withAuthConfig();

const id = 'local-rabbitmq';
const USERS = '/api/connections/{id}/rabbitmq/users';
const USER = `${USERS}/{name}`;
const PREVIEW = `${USER}/delete-preview`;
const PERMS = `${USER}/permissions/{vhost}`;
const TOPIC = `${USER}/topic-permissions/{vhost}`;
const run = uniqueName('users');
const alice = `${run}-alice`;
const bob = `${run}-bob`;
const PASSWORD = `pw-${run}-Secret!`;
const NEW_PASSWORD = `pw2-${run}-Other!`;

type Ctl = Record<string, unknown>;
/** Straight from the broker node, not the management API. */
const ctl = (...args: string[]): Ctl[] => JSON.parse(execFileSync('rabbitmqctl', ['-q', ...args, '--formatter', 'json'], { encoding: 'utf8' })) as Ctl[];
const ctlUser = (name: string) => ctl('list_users').find((u) => u.user === name);
const ctlPermission = (name: string, vhost = '/') => ctl('list_permissions', '-p', vhost).find((p) => p.user === name);
const ctlTopic = (name: string, vhost = '/') => ctl('list_topic_permissions', '-p', vhost).filter((p) => p.user === name);

/** Whether the broker lets `user` in with `password` (HTTP basic auth on /api/whoami). */
async function signsIn(user: string, password: string): Promise<boolean> {
  const res = await fetch(`${MGMT}/whoami`, { headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } });
  await res.body?.cancel();
  return res.ok;
}

/** Every response body of this file, to check that no password hash and no password was ever sent back. */
const bodies: string[] = [];
async function text(res: Response): Promise<string> {
  const t = await res.text();
  bodies.push(t);
  return t;
}
async function json<T>(res: Response): Promise<T> {
  return JSON.parse(await text(res)) as T;
}
const errorOf = async (res: Response) => ({ status: res.status, ...(await json<{ error: { code: string; message: string } }>(res)).error });

describe('RabbitMQ users and permissions against the real broker', () => {
  const s: Record<string, Session> = {};
  const models: ChannelModel[] = [];

  beforeAll(async () => {
    for (const role of ['viewer', 'operator', 'admin']) s[role] = await login(role);
  });

  afterAll(async () => {
    for (const m of models) await m.close().catch(() => undefined);
    for (const u of [alice, bob]) await mgmt('DELETE', `users/${encodeURIComponent(u)}`);
    const { closeStore } = await import('@/server/store/store');
    await closeStore();
  });

  it('creates a user with a password and tags (admin only), as rabbitmqctl list_users shows; the hash is never returned', async () => {
    const refused = await call(s.operator, 'POST', USERS, { id }, { body: { name: alice, password: PASSWORD, tags: ['monitoring'] } });
    expect([refused.status, (await errorOf(refused)).message]).toEqual([403, expect.stringContaining('needs admin')]);
    expect(ctlUser(alice)).toBeUndefined();

    const created = await call(s.admin, 'POST', USERS, { id }, { body: { name: alice, password: PASSWORD, tags: ['monitoring', 'policymaker'] } });
    expect(created.status).toBe(201);
    expect(ctlUser(alice)).toEqual({ user: alice, tags: ['monitoring', 'policymaker'] });
    expect(await signsIn(alice, PASSWORD)).toBe(true);
    const again = await call(s.admin, 'POST', USERS, { id }, { body: { name: alice, password: PASSWORD, tags: [] } });
    expect(await errorOf(again)).toMatchObject({ status: 409, message: `user "${alice}" already exists` });

    const list = await json<UserList>(await call(s.viewer, 'GET', USERS, { id }));
    expect(list.wharfUser).toBe('guest');
    expect(list.users.find((u) => u.name === alice)).toEqual({ name: alice, tags: ['monitoring', 'policymaker'], hasPassword: true, isWharfUser: false, permissions: [], topicPermissions: [] });
    expect(list.users.find((u) => u.name === 'guest')).toMatchObject({ isWharfUser: true, hasPassword: true });

    // Passwordless: no password given.
    expect((await call(s.admin, 'POST', USERS, { id }, { body: { name: bob, tags: [] } })).status).toBe(201);
    expect(ctlUser(bob)).toEqual({ user: bob, tags: [] });
    expect((await json<RabbitUser>(await call(s.viewer, 'GET', USER, { id, name: bob }))).hasPassword).toBe(false);

    const badTag = await call(s.admin, 'POST', USERS, { id }, { body: { name: `${run}-x`, tags: ['a,b'] } });
    expect(await errorOf(badTag)).toMatchObject({ status: 400, message: expect.stringMatching(/^Invalid body field tags\.0: /) });
    const noTags = await call(s.admin, 'POST', USERS, { id }, { body: { name: `${run}-x`, password: 'x' } });
    expect(await errorOf(noTags)).toMatchObject({ status: 400, message: expect.stringMatching(/^Invalid body field tags/) });
    expect(ctlUser(`${run}-x`)).toBeUndefined();
  });

  it('edits tags keeping the password, changes it, and makes a user passwordless', async () => {
    expect((await call(s.admin, 'PUT', USER, { id, name: alice }, { body: { tags: ['management'] } })).status).toBe(200);
    expect(ctlUser(alice)).toEqual({ user: alice, tags: ['management'] });
    // RabbitMQ clears a password a PUT does not carry: Wharf sent the stored hash back.
    expect(await signsIn(alice, PASSWORD)).toBe(true);

    expect((await call(s.admin, 'PUT', USER, { id, name: alice }, { body: { tags: ['management'], password: NEW_PASSWORD } })).status).toBe(200);
    expect([await signsIn(alice, PASSWORD), await signsIn(alice, NEW_PASSWORD)]).toEqual([false, true]);

    // A user without a management tag may not use the HTTP API at all, so bob is tagged to show his password works.
    expect((await call(s.admin, 'PUT', USER, { id, name: bob }, { body: { tags: ['management'], password: PASSWORD } })).status).toBe(200);
    expect(await signsIn(bob, PASSWORD)).toBe(true);
    expect((await call(s.admin, 'PUT', USER, { id, name: bob }, { body: { tags: ['management'], removePassword: true } })).status).toBe(200);
    expect(await signsIn(bob, PASSWORD)).toBe(false);
    expect((await json<RabbitUser>(await call(s.viewer, 'GET', USER, { id, name: bob }))).hasPassword).toBe(false);

    const both = await call(s.admin, 'PUT', USER, { id, name: bob }, { body: { tags: [], password: 'x', removePassword: true } });
    expect(await errorOf(both)).toMatchObject({ status: 400, message: expect.stringContaining('removePassword') });
    const missing = await call(s.admin, 'PUT', USER, { id, name: `${run}-nobody` }, { body: { tags: [] } });
    expect(await errorOf(missing)).toMatchObject({ status: 404, message: `user "${run}-nobody" not found` });
    expect(ctlUser(`${run}-nobody`)).toBeUndefined();
  });

  it('sets, checks and revokes permissions and topic permissions, as rabbitmqctl lists them', async () => {
    const perm = { configure: `^${run}-`, write: '.*', read: '' };
    expect((await call(s.operator, 'PUT', PERMS, { id, name: alice, vhost: '/' }, { body: perm })).status).toBe(403);
    expect((await call(s.admin, 'PUT', PERMS, { id, name: alice, vhost: '/' }, { body: perm })).status).toBe(200);
    expect(ctlPermission(alice)).toEqual({ user: alice, ...perm });

    const bad = await call(s.admin, 'PUT', PERMS, { id, name: alice, vhost: '/' }, { body: { ...perm, write: '(unclosed' } });
    expect(await errorOf(bad)).toMatchObject({ status: 400, message: expect.stringMatching(/^Invalid body field write: not a valid regular expression/) });
    expect(ctlPermission(alice)).toEqual({ user: alice, ...perm });
    const noVhost = await call(s.admin, 'PUT', PERMS, { id, name: alice, vhost: `${run}-no-vhost` }, { body: perm });
    expect(await errorOf(noVhost)).toMatchObject({ status: 404, message: `vhost "${run}-no-vhost" not found` });
    const noUser = await call(s.admin, 'PUT', PERMS, { id, name: `${run}-nobody`, vhost: '/' }, { body: perm });
    expect(await errorOf(noUser)).toMatchObject({ status: 404, message: `user "${run}-nobody" not found` });

    const topic = { exchange: 'amq.topic', write: `^${run}\\.`, read: '.*' };
    expect((await call(s.admin, 'PUT', TOPIC, { id, name: alice, vhost: '/' }, { body: topic })).status).toBe(200);
    expect(ctlTopic(alice)).toEqual([{ user: alice, ...topic }]);
    const badTopic = await call(s.admin, 'PUT', TOPIC, { id, name: alice, vhost: '/' }, { body: { ...topic, read: '[' } });
    expect(await errorOf(badTopic)).toMatchObject({ status: 400, message: expect.stringMatching(/^Invalid body field read: /) });

    const user = await json<RabbitUser>(await call(s.viewer, 'GET', USER, { id, name: alice }));
    expect(user.permissions).toEqual([{ vhost: '/', user: alice, ...perm }]);
    expect(user.topicPermissions).toEqual([{ vhost: '/', user: alice, ...topic }]);

    // Bob gets a permission to revoke; revoking repeats the user's name.
    expect((await call(s.admin, 'PUT', PERMS, { id, name: bob, vhost: '/' }, { body: { configure: '', write: '', read: '.*' } })).status).toBe(200);
    expect((await call(s.admin, 'PUT', TOPIC, { id, name: bob, vhost: '/' }, { body: topic })).status).toBe(200);
    const wrong = await call(s.admin, 'DELETE', PERMS, { id, name: bob, vhost: '/' }, { query: { confirm: 'nope' } });
    expect((await errorOf(wrong)).status).toBe(400);
    expect(ctlPermission(bob)).toBeDefined();
    expect((await call(s.admin, 'DELETE', PERMS, { id, name: bob, vhost: '/' }, { query: { confirm: bob } })).status).toBe(200);
    expect(ctlPermission(bob)).toBeUndefined();
    expect((await call(s.admin, 'DELETE', TOPIC, { id, name: bob, vhost: '/' }, { query: { confirm: bob } })).status).toBe(200);
    expect(ctlTopic(bob)).toEqual([]);
  });

  it("refuses to delete or cut off the user Wharf connects as (guest) with a 409 naming it", async () => {
    const preview = await json<UserDeletePreview>(await call(s.viewer, 'GET', PREVIEW, { id, name: 'guest' }));
    expect(preview.refusal).toBe('Wharf connects to "local-rabbitmq" as user "guest": it cannot be deleted from Wharf');
    const del = await call(s.admin, 'DELETE', USER, { id, name: 'guest' }, { query: { confirm: 'guest' } });
    expect(await errorOf(del)).toEqual({ status: 409, code: 'CONFLICT', message: preview.refusal });
    const pw = await call(s.admin, 'PUT', USER, { id, name: 'guest' }, { body: { tags: ['administrator'], password: 'changed' } });
    expect(await errorOf(pw)).toMatchObject({ status: 409, message: expect.stringContaining('as "guest"') });
    const untag = await call(s.admin, 'PUT', USER, { id, name: 'guest' }, { body: { tags: [] } });
    expect(await errorOf(untag)).toMatchObject({ status: 409, message: expect.stringContaining('administrator tag') });
    expect(ctlUser('guest')).toEqual({ user: 'guest', tags: ['administrator'] });
    expect(await signsIn('guest', 'guest')).toBe(true);
  });

  it('previews what deleting a user takes (permissions, its open connection) and deletes it after the name is typed back', async () => {
    const model = await connect(`amqp://${encodeURIComponent(alice)}:${encodeURIComponent(NEW_PASSWORD)}@127.0.0.1:5672`, { clientProperties: { connection_name: `${run}-alice-conn` } });
    models.push(model);
    let closedWith: string | null = null;
    model.on('error', () => undefined);
    model.on('close', (e?: Error) => (closedWith = e?.message ?? 'clean'));
    let preview: UserDeletePreview | undefined;
    // Connections reach the management API's listing within a few seconds.
    await waitFor(async () => {
      preview = await json<UserDeletePreview>(await call(s.viewer, 'GET', PREVIEW, { id, name: alice }));
      return preview.connectionCount === 1;
    });
    expect(preview).toMatchObject({ user: alice, tags: ['management'], refusal: null, connectionCount: 1 });
    expect(preview!.permissions.map((p) => p.vhost)).toEqual(['/']);
    expect(preview!.topicPermissions.map((p) => p.exchange)).toEqual(['amq.topic']);
    expect(preview!.connections[0]).toMatchObject({ user: alice, vhost: '/', clientName: `${run}-alice-conn` });

    const wrong = await call(s.admin, 'DELETE', USER, { id, name: alice }, { query: { confirm: bob } });
    expect(await errorOf(wrong)).toMatchObject({ status: 400, message: `Type the name "${alice}" to confirm (confirm parameter does not match)` });
    expect((await call(s.operator, 'DELETE', USER, { id, name: alice }, { query: { confirm: alice } })).status).toBe(403);
    expect(ctlUser(alice)).toBeDefined();
    expect((await call(s.admin, 'DELETE', USER, { id, name: alice }, { query: { confirm: alice } })).status).toBe(200);
    expect(ctlUser(alice)).toBeUndefined();
    expect(ctlPermission(alice)).toBeUndefined();
    expect(ctlTopic(alice)).toEqual([]);
    await waitFor(() => closedWith !== null);
    expect(closedWith).toContain('CONNECTION_FORCED');
    const gone = await call(s.viewer, 'GET', USER, { id, name: alice });
    expect(gone.status).toBe(404);
    await text(gone);
  });

  it('never sends a password hash or a password back, and keeps the password out of the audit log', async () => {
    const hashes = ((await mgmt('GET', 'users')) as Array<{ password_hash: string }>).map((u) => u.password_hash).filter(Boolean);
    expect(hashes.length).toBeGreaterThan(0);
    const all = bodies.join('\n');
    expect(bodies.length).toBeGreaterThan(10);
    expect(all).not.toContain('password_hash');
    expect(all).not.toContain('hashing_algorithm');
    for (const h of hashes) expect(all).not.toContain(h);
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(NEW_PASSWORD);

    const auditOf = async (q: string) => {
      const res = await call(s.admin, 'GET', '/api/audit', {}, { query: { limit: '200', q } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { entries: AuditEntry[] }).entries;
    };
    const created = (await auditOf('/rabbitmq/users')).filter((e) => JSON.stringify(e.params).includes(alice));
    const edited = await auditOf(`/rabbitmq/users/${alice}`);
    const entries = [...created, ...edited];
    expect(created.map((e) => [e.method, e.status, e.username])).toEqual(expect.arrayContaining([['POST', 201, 'admin'], ['POST', 403, 'operator']]));
    expect(edited.map((e) => [e.method, e.status])).toEqual(expect.arrayContaining([['PUT', 200], ['DELETE', 200]]));
    const logged = JSON.stringify(entries);
    expect(logged).not.toContain(PASSWORD);
    expect(logged).not.toContain(NEW_PASSWORD);
    expect(entries.filter((e) => (e.params as { body?: { password?: unknown } }).body?.password !== undefined).map((e) => (e.params as { body: { password: unknown } }).body.password)).toEqual(
      expect.arrayContaining(['[redacted]']),
    );
    for (const e of entries) {
      const body = (e.params as { body?: Record<string, unknown> }).body;
      if (body && 'password' in body) expect(body.password).toBe('[redacted]');
    }
  });
});
