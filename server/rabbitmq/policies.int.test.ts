import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyEffectSide, PolicyList, PolicyPreview } from '@/lib/contracts/rabbitmq-policies';
import { enc, mgmt, uniqueName, waitFor } from '@/test/rabbitmq/helpers';
import { call, login, withAuthConfig, type Session } from '@/test/support/auth-harness';

withAuthConfig();

const id = 'local-rabbitmq';
const run = uniqueName('pol');
/** A vhost of its own: no other test's policy or queue can take part in what the preview computes. */
const vhost = `${run}-vh`;
const P = {
  policy: { item: '/api/connections/{id}/rabbitmq/policies/{vhost}/{name}', list: '/api/connections/{id}/rabbitmq/policies' },
  operator: { item: '/api/connections/{id}/rabbitmq/operator-policies/{vhost}/{name}', list: '/api/connections/{id}/rabbitmq/operator-policies' },
};
const q = { classic: `${run}-cq`, quorum: `${run}-qq`, stream: `${run}-st`, other: `x-${run}-other` };
const exchange = `${run}-x`;

type Reported = Record<string, PolicyEffectSide>;

/** What the management API reports now for each queue and exchange of the vhost. */
async function reported(): Promise<Reported> {
  const queues = (await mgmt('GET', `queues/${enc(vhost)}?columns=name,policy,operator_policy,effective_policy_definition`)) as Array<{ name: string; policy?: string | null; operator_policy?: string | null; effective_policy_definition?: Record<string, unknown> | unknown[] }>;
  const exchanges = (await mgmt('GET', `exchanges/${enc(vhost)}?columns=name,policy`)) as Array<{ name: string; policy?: string }>;
  const out: Reported = {};
  for (const x of queues) {
    // Until its first stats emission a queue reports none of these: unknown, not "no policy".
    if (x.effective_policy_definition === undefined) continue;
    out[`queue:${x.name}`] = { policy: x.policy ?? null, operatorPolicy: x.operator_policy ?? null, definition: Array.isArray(x.effective_policy_definition) ? {} : x.effective_policy_definition };
  }
  for (const x of exchanges) out[`exchange:${x.name}`] = { policy: x.policy ?? null, operatorPolicy: null, definition: {} };
  return out;
}

/** Exchanges report only their policy's name: their definitions are compared through the policy list instead. */
function comparable(e: PolicyEffectSide, kind: string): PolicyEffectSide {
  return kind === 'exchange' ? { ...e, operatorPolicy: null, definition: {} } : e;
}

/** The state every object should reach: the preview's "after" for those it lists, the state before for the rest. */
function expected(before: Reported, preview: PolicyPreview): Reported {
  const out = { ...before };
  for (const c of preview.changes) out[`${c.kind}:${c.name}`] = comparable(c.after, c.kind);
  return out;
}

/** Policies are applied by the broker asynchronously and queue stats follow every 5 s: wait until all agree. */
async function settlesTo(want: Reported): Promise<Reported> {
  let last: Reported = {};
  try {
    await waitFor(async () => JSON.stringify(sorted((last = await reported()))) === JSON.stringify(sorted(want)), 30_000, 500);
  } catch {
    // Fall through to the comparison, which shows the difference.
  }
  return last;
}

function sorted(r: Reported): Array<[string, PolicyEffectSide]> {
  return Object.entries(r)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => [k, { ...v, definition: Object.fromEntries(Object.entries(v.definition).sort(([a], [b]) => (a < b ? -1 : 1))) }]);
}

function ctlPolicies(kind: 'policy' | 'operator'): Array<{ name: string; pattern: string; 'apply-to': string; priority: number; definition: string | Record<string, unknown> }> {
  const out = execFileSync('rabbitmqctl', ['-q', kind === 'policy' ? 'list_policies' : 'list_operator_policies', '-p', vhost, '--formatter', 'json'], { encoding: 'utf8' });
  return JSON.parse(out || '[]') as ReturnType<typeof ctlPolicies>;
}

const json = async <T,>(res: Response): Promise<T> => (await res.json()) as T;
const error = async (res: Response) => ({ status: res.status, message: ((await res.json()) as { error: { message: string } }).error.message });

describe('policies and operator policies against the real broker, each preview proven by the broker', () => {
  const s: Record<string, Session> = {};
  const params = (name: string) => ({ id, vhost, name });
  const preview = async (kind: 'policy' | 'operator', name: string, body: unknown) => {
    const res = await call(s.viewer, 'POST', `${P[kind].item}/preview`, params(name), { body });
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(200);
    return json<PolicyPreview>(res);
  };

  beforeAll(async () => {
    for (const role of ['viewer', 'operator', 'admin']) s[role] = await login(role);
    await mgmt('PUT', `vhosts/${enc(vhost)}`, {});
    await mgmt('PUT', `permissions/${enc(vhost)}/guest`, { configure: '.*', write: '.*', read: '.*' });
    await mgmt('PUT', `queues/${enc(vhost, q.classic)}`, { durable: true });
    await mgmt('PUT', `queues/${enc(vhost, q.quorum)}`, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await mgmt('PUT', `queues/${enc(vhost, q.stream)}`, { durable: true, arguments: { 'x-queue-type': 'stream' } });
    await mgmt('PUT', `queues/${enc(vhost, q.other)}`, { durable: true });
    await mgmt('PUT', `exchanges/${enc(vhost, exchange)}`, { type: 'topic', durable: true });
    // Every queue's stats out, so the broker says what is in effect.
    await waitFor(async () => Object.keys(await reported()).filter((k) => k.startsWith('queue:')).length === 4, 30_000, 500);
  }, 60_000);

  afterAll(async () => {
    await mgmt('DELETE', `vhosts/${enc(vhost)}`);
    const { closeStore } = await import('@/server/store/store');
    await closeStore();
  });

  it('creates a policy: the preview lists exactly what the broker then applies (a stream refuses message-ttl)', async () => {
    const name = `${run}-ttl`;
    const body = { pattern: `^${run}-`, applyTo: 'all', priority: 1, definition: { 'message-ttl': 60000 } };
    const p = await preview('policy', name, { action: 'put', ...body });
    expect(p).toMatchObject({ action: 'create', matched: 3, effectiveOn: 3, queues: 4 });
    expect(p.changes.map((c) => `${c.kind}:${c.name}`)).toEqual([`queue:${q.classic}`, `queue:${q.quorum}`, `exchange:${exchange}`]);
    expect(p.changes[0].before).toEqual({ policy: null, operatorPolicy: null, definition: {} });
    expect(p.changes[0].after).toEqual({ policy: name, operatorPolicy: null, definition: { 'message-ttl': 60000 } });
    const before = await reported();

    const res = await call(s.admin, 'PUT', P.policy.item, params(name), { body });
    expect(await json(res)).toEqual({ ok: true, action: 'create' });
    const want = expected(before, p);
    expect(sorted(await settlesTo(want))).toEqual(sorted(want));
    expect(ctlPolicies('policy')).toEqual([expect.objectContaining({ name, pattern: `^${run}-`, 'apply-to': 'all', priority: 1 })]);

    const list = await json<PolicyList>(await call(s.viewer, 'GET', P.policy.list, { id }, { query: { vhost } }));
    expect(list.policies).toEqual([{ vhost, name, pattern: `^${run}-`, applyTo: 'all', priority: 1, definition: { 'message-ttl': 60000 }, effectiveOn: 3 }]);
    expect(list.applyTo).toEqual(['all', 'queues', 'exchanges']);
  }, 60_000);

  it('an operator policy is merged with it, the lower number winning', async () => {
    const name = `${run}-cap`;
    const body = { pattern: `${run}`, applyTo: 'queues', priority: 0, definition: { 'message-ttl': 1000, 'max-length': 5 } };
    const p = await preview('operator', name, { action: 'put', ...body });
    expect(p).toMatchObject({ action: 'create', matched: 3, effectiveOn: 3 });
    const cq = p.changes.find((c) => c.name === q.classic);
    expect(cq?.after).toEqual({ policy: `${run}-ttl`, operatorPolicy: name, definition: { 'max-length': 5, 'message-ttl': 1000 } });
    // The other classic queue has no user policy: the operator policy alone.
    expect(p.changes.find((c) => c.name === q.other)?.after).toEqual({ policy: null, operatorPolicy: name, definition: { 'max-length': 5, 'message-ttl': 1000 } });
    const before = await reported();
    expect((await call(s.admin, 'PUT', P.operator.item, params(name), { body })).status).toBe(200);
    const want = expected(before, p);
    expect(sorted(await settlesTo(want))).toEqual(sorted(want));
    expect(ctlPolicies('operator').map((x) => x.name)).toEqual([name]);
  }, 60_000);

  it('a higher priority policy a quorum queue cannot take is skipped there; an edit needs the name typed back', async () => {
    const name = `${run}-lazy`;
    const body = { pattern: `^${run}-(cq|qq)$`, applyTo: 'queues', priority: 5, definition: { 'queue-mode': 'lazy', 'max-length': 7 } };
    const p = await preview('policy', name, { action: 'put', ...body });
    expect(p.changes.map((c) => c.name)).toEqual([q.classic]);
    // The operator policy's message-ttl stays: the user policy in effect no longer sets one.
    expect(p.changes[0].after).toEqual({ policy: name, operatorPolicy: `${run}-cap`, definition: { 'max-length': 5, 'message-ttl': 1000, 'queue-mode': 'lazy' } });
    const before = await reported();
    expect((await call(s.admin, 'PUT', P.policy.item, params(name), { body })).status).toBe(200);
    let want = expected(before, p);
    expect(sorted(await settlesTo(want))).toEqual(sorted(want));

    // Edit: max-length 2 now beats the operator's 5.
    const edited = { ...body, definition: { 'queue-mode': 'lazy', 'max-length': 2 } };
    const e = await preview('policy', name, { action: 'put', ...edited });
    expect(e).toMatchObject({ action: 'update', matched: 1, effectiveOn: 1 });
    expect(e.changes.map((c) => [c.name, c.before.definition['max-length'], c.after.definition['max-length']])).toEqual([[q.classic, 5, 2]]);
    expect(await error(await call(s.admin, 'PUT', P.policy.item, params(name), { body: edited }))).toEqual({ status: 400, message: `Invalid body field confirm: policy "${name}" exists; type its name to confirm the change` });
    const now = await reported();
    expect(await json(await call(s.admin, 'PUT', P.policy.item, params(name), { body: { ...edited, confirm: name } }))).toEqual({ ok: true, action: 'update' });
    want = expected(now, e);
    expect(sorted(await settlesTo(want))).toEqual(sorted(want));
  }, 90_000);

  it('deletes with the name typed back: the preview says what falls back to what', async () => {
    const name = `${run}-ttl`;
    const p = await preview('policy', name, { action: 'delete' });
    expect(p).toMatchObject({ action: 'delete', matched: 3, effectiveOn: 2 });
    expect(p.changes.map((c) => [c.name, c.after.policy, c.after.definition])).toEqual([
      [q.quorum, null, { 'max-length': 5, 'message-ttl': 1000 }],
      [exchange, null, {}],
    ]);
    expect(await error(await call(s.admin, 'DELETE', P.policy.item, params(name), { query: { confirm: 'nope' } }))).toEqual({ status: 400, message: `Type the name "${name}" to confirm (confirm parameter does not match)` });
    const before = await reported();
    expect(await json(await call(s.admin, 'DELETE', P.policy.item, params(name), { query: { confirm: name } }))).toEqual({ ok: true, action: 'delete' });
    const want = expected(before, p);
    expect(sorted(await settlesTo(want))).toEqual(sorted(want));
    expect(ctlPolicies('policy').map((x) => x.name)).toEqual([`${run}-lazy`]);
    expect((await error(await call(s.viewer, 'POST', `${P.policy.item}/preview`, params(name), { body: { action: 'delete' } }))).status).toBe(404);
  }, 60_000);

  it('bad input is a 4xx naming the field; what RabbitMQ refuses comes back with its message', async () => {
    const name = `${run}-bad`;
    const ok = { pattern: '^x', applyTo: 'queues', priority: 0, definition: { 'max-length': 1 } };
    const put = async (body: unknown, v = vhost) => error(await call(s.admin, 'PUT', P.policy.item, { id, vhost: v, name }, { body }));
    expect(await put({ ...ok, pattern: '(' })).toMatchObject({ status: 400, message: expect.stringMatching(/^Invalid body field pattern: not a regular expression/) });
    expect(await put({ ...ok, applyTo: 'bindings' })).toMatchObject({ status: 400, message: expect.stringMatching(/^Invalid body field applyTo/) });
    expect(await put({ ...ok, applyTo: 'classic_queues' })).toEqual({ status: 400, message: 'Invalid body field applyTo: "classic_queues" needs RabbitMQ 3.12 or later (this broker runs 3.10.8); use queues, exchanges or all' });
    expect(await put({ ...ok, priority: -1 })).toEqual({ status: 400, message: 'Invalid body field priority: must be 0 or more' });
    expect(await put({ ...ok, definition: ['max-length'] })).toMatchObject({ status: 400, message: expect.stringMatching(/^Invalid body field definition: must be a JSON object/) });
    expect(await put(ok, `${run}-no-such-vhost`)).toEqual({ status: 404, message: `vhost "${run}-no-such-vhost" not found` });
    // Valid JavaScript, refused by PCRE; and a setting RabbitMQ does not know.
    expect(await put({ ...ok, pattern: '\\u0041' })).toMatchObject({ status: 400, message: expect.stringContaining('PCRE does not support') });
    expect(await put({ ...ok, definition: { 'no-such-setting': 1 } })).toMatchObject({ status: 400, message: expect.stringContaining('"no-such-setting"') });
    const previewed = await call(s.viewer, 'POST', `${P.policy.item}/preview`, { id, vhost: `${run}-no-such-vhost`, name }, { body: { action: 'put', ...ok } });
    expect(await error(previewed)).toEqual({ status: 404, message: `vhost "${run}-no-such-vhost" not found` });
    expect(ctlPolicies('policy').map((x) => x.name)).toEqual([`${run}-lazy`]);
  }, 60_000);

  it('mutations are admin only and audited; a preview is for viewers and changes nothing', async () => {
    const name = `${run}-roles`;
    const body = { pattern: '^nothing$', applyTo: 'queues', priority: 0, definition: { 'max-length': 1 } };
    expect(await error(await call(s.operator, 'PUT', P.policy.item, params(name), { body }))).toMatchObject({ status: 403, message: expect.stringContaining('needs admin') });
    expect(await error(await call(s.operator, 'DELETE', P.operator.item, params(`${run}-cap`), { query: { confirm: `${run}-cap` } }))).toMatchObject({ status: 403 });
    expect(ctlPolicies('operator').map((x) => x.name)).toEqual([`${run}-cap`]);
    expect((await call(s.admin, 'PUT', P.policy.item, params(name), { body })).status).toBe(200);
    const audit = await json<{ entries: Array<{ username: string; route: string | null; status: number }> }>(await call(s.admin, 'GET', '/api/audit', {}, { query: { q: name, method: 'PUT' } }));
    expect(audit.entries).toContainEqual(expect.objectContaining({ username: 'admin', route: P.policy.item, status: 200 }));
  }, 60_000);
});
