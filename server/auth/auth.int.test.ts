import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, call, cookiesOf, login, withAuthConfig, type Session } from '@/test/support/auth-harness';

// Login-enabled config and a fresh data folder (store + generated session secret) for this file only.
withAuthConfig();

const MGMT = 'http://127.0.0.1:15672/api';
const AUTHZ = `Basic ${Buffer.from('guest:guest').toString('base64')}`;
const run = `wharf-test-${Date.now()}`;
const queue = `${run}-sec-q`;
const topic = `${run}-sec-topic`;
const rabbit = { id: 'local-rabbitmq', vhost: '/', name: queue };

async function mgmt(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${MGMT}${path}`, { method, headers: { authorization: AUTHZ, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function publish(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await mgmt('POST', '/exchanges/%2F/amq.default/publish', { properties: {}, routing_key: queue, payload: `m${i}`, payload_encoding: 'string' });
  }
}

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

const s: Record<string, Session> = {};

beforeAll(async () => {
  for (const name of ['viewer', 'reader', 'operator', 'admin', 'kafka-operator']) s[name] = await login(name);
  expect((await mgmt('PUT', `/queues/%2F/${encodeURIComponent(queue)}`, { durable: false, auto_delete: false })).ok).toBe(true);
});

afterAll(async () => {
  await mgmt('DELETE', `/queues/%2F/${encodeURIComponent(queue)}`);
  await call(s.admin, 'DELETE', '/api/connections/{id}/topics/{topic}', { id: 'local-kafka', topic }, { query: { confirm: topic } }).catch(() => undefined);
  const { closeStore } = await import('@/server/store/store');
  await closeStore();
});

describe('authentication', () => {
  it('answers anonymous callers 401, except public routes', async () => {
    expect((await call(anonymous, 'GET', '/api/connections', {})).status).toBe(401);
    expect((await call(anonymous, 'GET', '/api/health', {})).status).toBe(200);
    const me = await json(await call(anonymous, 'GET', '/api/auth/me', {}));
    expect(me).toMatchObject({ authEnabled: true, user: null });
  });

  it('refuses a wrong password with one message for unknown users and wrong passwords', async () => {
    const pre = { name: 'x', cookie: 'wharf-csrf=abcdefghijklmnopqrstuvwxyz', csrf: 'abcdefghijklmnopqrstuvwxyz' };
    const wrong = await call(pre, 'POST', '/api/auth/login', {}, { body: { username: 'viewer', password: 'nope' } });
    const unknown = await call(pre, 'POST', '/api/auth/login', {}, { body: { username: 'ghost', password: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(await json(wrong)).toEqual(await json(unknown));
  });

  it('sets an httpOnly Lax session cookie and a readable CSRF cookie', async () => {
    const pre = 'pre-login-csrf-token-0123456789';
    const res = await call({ name: 'v', cookie: `wharf-csrf=${pre}`, csrf: pre }, 'POST', '/api/auth/login', {}, { body: { username: 'viewer', password: 'wharf-test-password' } });
    const raw = res.headers.getSetCookie();
    expect(raw.find((c) => c.startsWith('wharf-session='))).toMatch(/HttpOnly/);
    expect(raw.find((c) => c.startsWith('wharf-session='))).toMatch(/SameSite=Lax/);
    expect(raw.find((c) => c.startsWith('wharf-csrf='))).not.toMatch(/HttpOnly/);
    // The token is renewed at sign-in: one planted before it is useless after.
    expect(cookiesOf(res).get('wharf-csrf')).not.toBe(pre);
    expect(await json(await call(s.reader, 'GET', '/api/auth/me', {}))).toMatchObject({ user: { username: 'reader', defaultRole: 'reader' } });
  });

  it('logs out by clearing the session cookie', async () => {
    const res = await call(await login('viewer'), 'POST', '/api/auth/logout', {});
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()[0]).toMatch(/^wharf-session=; .*Max-Age=0/);
  });

  it('treats a tampered session as signed out', async () => {
    const tampered = { ...s.viewer, cookie: s.viewer.cookie.replace(/wharf-session=([^;]+)/, (_, t: string) => `wharf-session=${t.slice(0, -2)}xx`) };
    expect((await call(tampered, 'GET', '/api/connections', {})).status).toBe(401);
  });
});

describe('authorization by role, per connection', () => {
  it('lets every role read metadata', async () => {
    for (const role of ['viewer', 'reader', 'operator', 'admin']) {
      expect((await call(s[role], 'GET', '/api/connections/{id}/queues/{vhost}/{name}', rabbit)).status).toBe(200);
    }
  });

  it('purge: viewer and reader get 403 naming the permission, operator purges', async () => {
    await publish(3);
    for (const role of ['viewer', 'reader']) {
      const res = await call(s[role], 'DELETE', '/api/connections/{id}/queues/{vhost}/{name}/contents', rabbit, { query: { confirm: queue } });
      expect(res.status).toBe(403);
      expect(await json(res)).toEqual({ error: { code: 'FORBIDDEN', message: `User "${role}" has ${role} on connection "local-rabbitmq"; DELETE /api/connections/{id}/queues/{vhost}/{name}/contents needs operator on connection "local-rabbitmq"` } });
    }
    const ok = await call(s.operator, 'DELETE', '/api/connections/{id}/queues/{vhost}/{name}/contents', rabbit, { query: { confirm: queue } });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toEqual({ purged: 3 });
  });

  it('creating and deleting topics is admin only', async () => {
    const body = { name: topic, partitions: 1, replicationFactor: 1 };
    const denied = await call(s.operator, 'POST', '/api/connections/{id}/topics', { id: 'local-kafka' }, { body });
    expect(denied.status).toBe(403);
    expect((await json(denied)).error).toMatchObject({ message: expect.stringMatching(/needs admin on connection "local-kafka"$/) });
    expect((await call(s.admin, 'POST', '/api/connections/{id}/topics', { id: 'local-kafka' }, { body })).status).toBe(201);
    expect((await call(s.operator, 'DELETE', '/api/connections/{id}/topics/{topic}', { id: 'local-kafka', topic }, { query: { confirm: topic } })).status).toBe(403);
  });

  it('applies per-connection grants: operator on one connection, viewer or nothing on others', async () => {
    const k = s['kafka-operator'];
    expect((await call(k, 'GET', '/api/connections/{id}/topics', { id: 'local-kafka' })).status).toBe(200);
    const purge = await call(k, 'DELETE', '/api/connections/{id}/queues/{vhost}/{name}/contents', rabbit, { query: { confirm: queue } });
    expect(purge.status).toBe(403);
    expect((await json(purge)).error).toMatchObject({ message: expect.stringMatching(/has viewer on connection "local-rabbitmq".*needs operator/) });
    const none = await call(k, 'GET', '/api/connections/{id}/topics', { id: 'readonly-kafka' });
    expect(none.status).toBe(403);
    expect((await json(none)).error).toMatchObject({ message: expect.stringMatching(/has no role on connection "readonly-kafka"/) });
  });

  it('lists to a user without a default role the connections they hold a role on, and only those', async () => {
    const ids = async (who: Session) => ((await json(await call(who, 'GET', '/api/connections', {}))).connections as Array<{ id: string }>).map((c) => c.id);
    expect(await ids(s['kafka-operator'])).toEqual(['local-kafka', 'local-rabbitmq']);
    expect(await ids(await login('rabbit-reader'))).toEqual(['local-rabbitmq']);
    expect(await ids(s.viewer)).toEqual(['local-kafka', 'local-rabbitmq', 'readonly-kafka', 'readonly-rabbitmq']);
  });

  it('read-only connections refuse every mutation, whatever the role', async () => {
    const res = await call(s.admin, 'DELETE', '/api/connections/{id}/queues/{vhost}/{name}/contents', { ...rabbit, id: 'readonly-rabbitmq' }, { query: { confirm: queue } });
    expect(res.status).toBe(403);
    expect((await json(res)).error).toMatchObject({ message: 'Connection "readonly-rabbitmq" is read-only' });
  });

  it('narrows the capability flags to each role, so the UI offers only what the server allows', async () => {
    type Flags = { mutations: boolean; administration: boolean; messageContents: boolean; jobs: boolean };
    const flags = async (who: Session, id = 'local-rabbitmq') =>
      ((await json(await call(who, 'GET', '/api/connections', {}))).connections as Array<{ id: string; capabilities: Flags }>).find((c) => c.id === id)?.capabilities;
    const pick = (f: Flags | undefined) => f && [f.messageContents, f.jobs, f.mutations, f.administration];
    expect(pick(await flags(s.viewer))).toEqual([false, false, false, false]);
    expect(pick(await flags(s.reader))).toEqual([true, false, false, false]);
    expect(pick(await flags(s.operator))).toEqual([true, true, true, false]);
    expect(pick(await flags(s.admin))).toEqual([true, true, true, true]);
    // Read-only: contents and jobs (as a source) stay, changes go, whatever the role.
    expect(pick(await flags(s.admin, 'readonly-rabbitmq'))).toEqual([true, true, false, false]);
  });

  it('keeps users and the audit log for admins', async () => {
    expect((await call(s.operator, 'GET', '/api/audit', {})).status).toBe(403);
    expect((await call(s.admin, 'GET', '/api/users', {})).status).toBe(200);
    const created = await call(s.admin, 'POST', '/api/users', {}, { body: { username: `u${Date.now()}`, password: 'another-long-password', defaultRole: 'reader' } });
    expect(created.status).toBe(201);
    expect((await call(s.operator, 'POST', '/api/users', {}, { body: { username: 'x', password: 'another-long-password' } })).status).toBe(403);
  });

  it('signs in a user an admin created in the store', async () => {
    const username = `store-${Date.now()}`;
    await call(s.admin, 'POST', '/api/users', {}, { body: { username, password: 'store-user-password', defaultRole: 'operator' } });
    const session = await login(username, 'store-user-password');
    expect(await json(await call(session, 'GET', '/api/auth/me', {}))).toMatchObject({ user: { username, source: 'store', defaultRole: 'operator' } });
    expect((await call(s.admin, 'DELETE', '/api/users/{username}', { username })).status).toBe(200);
    // Removing the user ends their session at once.
    expect((await call(session, 'GET', '/api/connections', {})).status).toBe(401);
  });
});

describe('CSRF', () => {
  const purge = (who: Session, headers: Record<string, string>) =>
    call(who, 'DELETE', '/api/connections/{id}/queues/{vhost}/{name}/contents', rabbit, { query: { confirm: queue }, headers });

  it('refuses a state change without the token', async () => {
    const res = await purge({ ...s.operator, csrf: '' }, {});
    expect(res.status).toBe(403);
    expect((await json(res)).error).toMatchObject({ code: 'CSRF_FAILED' });
  });

  it('refuses a cross-site POST even with cookies, and a token from another session', async () => {
    const cross = await purge({ ...s.operator, csrf: '' }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(cross.status).toBe(403);
    expect((await json(cross)).error).toMatchObject({ code: 'CSRF_FAILED', message: expect.stringMatching(/cross-site/) });
    expect((await purge({ ...s.operator, csrf: s.viewer.csrf }, {})).status).toBe(403);
    expect((await call({ ...s.admin, csrf: '' }, 'POST', '/api/connections/{id}/topics', { id: 'local-kafka' }, { body: { name: `${run}-x`, partitions: 1, replicationFactor: 1 }, headers: { origin: 'https://evil.example' } })).status).toBe(403);
  });
});

describe('audit log', () => {
  type Entry = { username: string; method: string; route: string; connection: string; target: Record<string, string>; outcome: string; status: number; counts: Record<string, number>; params: Record<string, unknown>; ip: string };
  const entries = async (query: Record<string, string>) => ((await json(await call(s.admin, 'GET', '/api/audit', {}, { query }))).entries as Entry[]);

  it('records mutations with who, where, target, parameters, outcome and counts, refusals included', async () => {
    const mine = await entries({ connection: 'local-rabbitmq', q: queue, limit: '100' });
    const ok = mine.find((e) => e.username === 'operator' && e.outcome === 'ok' && e.method === 'DELETE');
    expect(ok).toMatchObject({
      route: '/api/connections/{id}/queues/{vhost}/{name}/contents',
      target: { id: 'local-rabbitmq', vhost: '/', name: queue },
      params: { confirm: queue },
      status: 200,
      counts: { purged: 3 },
      ip: '127.0.0.1',
    });
    expect(mine.some((e) => e.username === 'viewer' && e.outcome === 'denied' && e.status === 403)).toBe(true);
    expect(mine.some((e) => e.outcome === 'denied' && e.status === 403 && e.username === 'operator')).toBe(true);
  });

  it('records sign-ins without the password, and topic creation', async () => {
    const logins = await entries({ q: '/api/auth/login', limit: '50' });
    expect(logins.some((e) => e.username === 'viewer' && e.outcome === 'denied')).toBe(true);
    expect(JSON.stringify(logins)).not.toContain('wharf-test-password');
    expect(logins.every((e) => (e.params.body as Record<string, unknown>)?.password === '[redacted]')).toBe(true);
    const topics = await entries({ username: 'admin', method: 'POST', q: '/topics' });
    expect(topics.find((e) => e.outcome === 'ok')).toMatchObject({ connection: 'local-kafka', params: { body: { name: topic, partitions: 1 } }, status: 201 });
  });

  it('exports JSON lines', async () => {
    const res = await call(s.admin, 'GET', '/api/audit', {}, { query: { format: 'jsonl', limit: '5' } });
    expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = (await res.text()).trim().split('\n');
    expect(lines).toHaveLength(5);
    for (const l of lines) expect(JSON.parse(l)).toHaveProperty('username');
  });
});

describe('audit capture of large bodies', () => {
  it('does not wait on a body the handler never reads', async () => {
    const started = Date.now();
    const res = await call(s.admin, 'DELETE', '/api/users/{username}', { username: 'x'.repeat(100) }, { rawBody: `{"pad":"${'x'.repeat(200_000)}"}` });
    expect(res.status).toBe(400);
    expect(Date.now() - started).toBeLessThan(5000);
    const [entry] = ((await json(await call(s.admin, 'GET', '/api/audit', {}, { query: { method: 'DELETE', q: '/api/users/', limit: '1' } }))).entries as Array<{ params: { body: unknown } }>);
    expect(entry.params.body).toBe('[body too large]');
  });
});
