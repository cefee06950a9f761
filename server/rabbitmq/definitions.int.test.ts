import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@/lib/contracts/auth';
import type { DefinitionsApplyResult, DefinitionsFile, DefinitionsPreview, KindPreview } from '@/lib/contracts/rabbitmq-definitions';
import { createQueue, deleteQueues, enc, mgmt, uniqueName } from '@/test/rabbitmq/helpers';
import { call, login, withAuthConfig, type Session } from '@/test/support/auth-harness';

withAuthConfig();

const DEFS = '/api/connections/{id}/rabbitmq/definitions';
const PREVIEW = `${DEFS}/preview`;
const id = 'local-rabbitmq';
const CONFIRM = 'Local RabbitMQ';
const run = uniqueName('defs');

const json = async <T,>(res: Response): Promise<T> => (await res.json()) as T;
const errorOf = async (res: Response) => ({ status: res.status, ...((await res.json()) as { error: { code: string; message: string } }).error });
const kind = (p: DefinitionsPreview, k: string): KindPreview => p.kinds.find((x) => x.kind === k)!;
const ours = <T extends { name?: string; source?: string }>(items: T[] | undefined) => (items ?? []).filter((i) => (i.name ?? i.source ?? '').startsWith(run));

/** Queue names of a vhost as the node lists them. */
function ctlQueues(vhost = '/'): Map<string, string> {
  const out = execFileSync('rabbitmqctl', ['-q', 'list_queues', '-p', vhost, '--no-table-headers', 'name', 'arguments'], { encoding: 'utf8' });
  return new Map(
    out
      .split('\n')
      .filter((l) => l.startsWith(run))
      .map((l) => [l.split('\t')[0], l.split('\t')[1] ?? ''] as [string, string]),
  );
}

/** Policies as the node lists them (their definition is JSON text). */
function ctlPolicies(): Record<string, unknown> {
  const list = JSON.parse(execFileSync('rabbitmqctl', ['-q', 'list_policies', '-p', '/', '--formatter', 'json'], { encoding: 'utf8' })) as Array<{ name: string; definition: string; pattern: string }>;
  return Object.fromEntries(list.filter((p) => p.name.startsWith(run)).map((p) => [p.name, { pattern: p.pattern, definition: JSON.parse(p.definition) as unknown }]));
}

async function audit(admin: Session, q: string): Promise<AuditEntry[]> {
  return (await json<{ entries: AuditEntry[] }>(await call(admin, 'GET', '/api/audit', {}, { query: { q } }))).entries;
}

describe('RabbitMQ definitions: export, preview and import against the real broker', () => {
  const s: Record<string, Session> = {};
  const qOld = `${run}-q-old`;
  const qArgs = `${run}-q-args`;
  const qNew = `${run}-q-new`;
  const qRefused = `${run}-q-refused`;
  const xNew = `${run}-x-new`;
  const pol = `${run}-pol`;
  const vhost = `${run}-vh`;

  beforeAll(async () => {
    for (const role of ['viewer', 'operator', 'admin']) s[role] = await login(role);
    await createQueue(qOld);
    await createQueue(qArgs, { 'x-max-length': 10 });
    await mgmt('PUT', `policies/${enc('/', pol)}`, { pattern: `^${run}-nothing$`, definition: { 'max-length': 5 }, 'apply-to': 'queues' });
  });

  afterAll(async () => {
    await deleteQueues([qOld, qArgs, qNew, qRefused]);
    await mgmt('DELETE', `exchanges/${enc('/', xNew)}`);
    await mgmt('DELETE', `policies/${enc('/', pol)}`);
    await mgmt('DELETE', `vhosts/${enc(vhost)}`);
    const { closeStore } = await import('@/server/store/store');
    await closeStore();
  });

  it('exports as a download named after the connection, vhost and date; users only when an admin asks', async () => {
    const res = await call(s.admin, 'GET', DEFS, { id });
    expect(res.status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="rabbitmq-definitions-local-rabbitmq-all-vhosts-${today}.json"`);
    const file = await json<DefinitionsFile>(res);
    expect(file.users).toBeUndefined();
    expect(res.headers.get('x-wharf-users-left-out')).not.toBe('0');
    expect(ours(file.queues).map((q) => [q.name, q.arguments])).toEqual(
      expect.arrayContaining([
        [qOld, {}],
        [qArgs, { 'x-max-length': 10 }],
      ]),
    );
    expect(file).toMatchObject({ rabbit_version: expect.any(String), product_name: 'RabbitMQ' });

    const withUsers = await json<DefinitionsFile>(await call(s.admin, 'GET', DEFS, { id }, { query: { includeUsers: 'true' } }));
    expect(withUsers.users?.find((u) => u.name === 'guest')).toMatchObject({ password_hash: expect.any(String) });

    const one = await call(s.admin, 'GET', DEFS, { id }, { query: { vhost: '/' } });
    expect(one.headers.get('content-disposition')).toContain(`-default-vhost-${today}.json`);
    const vhostFile = await json<DefinitionsFile>(one);
    expect(Object.keys(vhostFile).sort()).toEqual(['bindings', 'exchanges', 'parameters', 'policies', 'queues', 'rabbit_version']);

    for (const role of ['viewer', 'operator']) {
      const e = await errorOf(await call(s[role], 'GET', DEFS, { id }, { query: { includeUsers: 'true' } }));
      expect([e.status, e.message]).toEqual([403, expect.stringContaining('needs admin')]);
    }
    const missing = await errorOf(await call(s.admin, 'GET', DEFS, { id }, { query: { vhost: `${run}-nope` } }));
    expect([missing.status, missing.message]).toEqual([404, `vhost "${run}-nope" not found`]);
    // Who took a copy is on record, with what it held.
    const [entry] = await audit(s.admin, '/rabbitmq/definitions');
    expect(entry).toMatchObject({ method: 'GET', username: 'admin', status: 404 });
    const exported = (await audit(s.admin, '/rabbitmq/definitions')).find((a) => a.params.includeUsers === 'true' && a.username === 'admin');
    expect(exported?.counts.users).toBeGreaterThanOrEqual(1);
  });

  it('previews exactly what a modified export adds and changes, changes nothing, then applies it', async () => {
    const exported = await json<DefinitionsFile>(await call(s.admin, 'GET', DEFS, { id }));
    // Only this test's objects: the broker is shared, and an import of everyone's would bring back what others delete.
    const file: DefinitionsFile = {
      rabbit_version: exported.rabbit_version,
      queues: [...ours(exported.queues), { name: qNew, vhost: '/', durable: true, auto_delete: false, arguments: { 'x-queue-type': 'classic' } }],
      policies: ours(exported.policies).map((p) => ({ ...p, definition: { 'max-length': 7 } })),
      exchanges: [{ name: xNew, vhost: '/', type: 'fanout', durable: true, auto_delete: false, internal: false, arguments: {} }],
      bindings: [{ source: xNew, vhost: '/', destination: qNew, destination_type: 'queue', routing_key: 'defs', arguments: {} }],
    };
    expect(file.policies).toHaveLength(1);

    const res = await call(s.admin, 'POST', PREVIEW, { id }, { body: { definitions: file } });
    expect(res.status).toBe(200);
    const p = await json<DefinitionsPreview>(res);
    expect({ added: p.added, changed: p.changed, conflicts: p.conflicts, failures: p.failures, skipped: p.skipped, unchanged: p.unchanged }).toEqual({
      added: 3,
      changed: 1,
      conflicts: 0,
      failures: 0,
      skipped: 0,
      unchanged: 2,
    });
    expect(kind(p, 'queues').items.map((i) => [i.name, i.status])).toEqual([[qNew, 'added']]);
    expect(kind(p, 'exchanges').items.map((i) => [i.name, i.status])).toEqual([[xNew, 'added']]);
    expect(kind(p, 'bindings').items.map((i) => [i.name, i.status])).toEqual([[`${xNew} → queue ${qNew} [defs]`, 'added']]);
    expect(kind(p, 'policies').items).toEqual([{ name: pol, vhost: '/', status: 'changed', reason: null, changes: [{ field: 'definition.max-length', before: '5', after: '7' }] }]);
    // What the broker has besides: kept, an import never deletes.
    expect(kind(p, 'users').notRemovedNames).toContain('guest');
    expect(kind(p, 'queues').notRemoved).toBeGreaterThanOrEqual(0);

    // The preview changed nothing, and it is on record as a POST with its counts.
    expect([...ctlQueues().keys()].sort()).toEqual([qArgs, qOld].sort());
    expect(ctlPolicies()).toEqual({ [pol]: { pattern: `^${run}-nothing$`, definition: { 'max-length': 5 } } });
    const [seen] = await audit(s.admin, '/rabbitmq/definitions/preview');
    expect(seen).toMatchObject({ method: 'POST', username: 'admin', status: 200, outcome: 'ok', counts: expect.objectContaining({ added: 3, changed: 1, unchanged: 2 }) });

    // Apply: admin only, the connection's name typed back.
    const op = await errorOf(await call(s.operator, 'POST', DEFS, { id }, { body: { definitions: file, confirm: CONFIRM } }));
    expect([op.status, op.message]).toEqual([403, expect.stringContaining('needs admin')]);
    const wrong = await errorOf(await call(s.admin, 'POST', DEFS, { id }, { body: { definitions: file, confirm: 'local' } }));
    expect([wrong.status, wrong.message]).toEqual([400, 'Type the connection name "Local RabbitMQ" to confirm (confirm does not match)']);
    const ro = await errorOf(await call(s.admin, 'POST', DEFS, { id: 'readonly-rabbitmq' }, { body: { definitions: file, confirm: 'Read-only RabbitMQ' } }));
    expect([ro.status, ro.message]).toEqual([403, 'Connection "readonly-rabbitmq" is read-only']);
    expect(ctlQueues().has(qNew)).toBe(false);

    const applied = await call(s.admin, 'POST', DEFS, { id }, { body: { definitions: file, confirm: CONFIRM } });
    expect(applied.status).toBe(200);
    expect(await json<DefinitionsApplyResult>(applied)).toMatchObject({ ok: true, vhost: null, added: 3, changed: 1, unchanged: 2, conflicts: 0, failures: 0 });

    // The broker holds them: management API and the node itself.
    expect(await mgmt('GET', `queues/${enc('/', qNew)}`)).toMatchObject({ name: qNew, durable: true, arguments: { 'x-queue-type': 'classic' } });
    expect(await mgmt('GET', `exchanges/${enc('/', xNew)}`)).toMatchObject({ name: xNew, type: 'fanout' });
    expect(await mgmt('GET', `bindings/${enc('/')}/e/${enc(xNew)}/q/${enc(qNew)}`)).toEqual([expect.objectContaining({ routing_key: 'defs' })]);
    expect(await mgmt('GET', `policies/${enc('/', pol)}`)).toMatchObject({ definition: { 'max-length': 7 } });
    expect(ctlQueues().has(qNew)).toBe(true);
    expect(ctlPolicies()).toEqual({ [pol]: { pattern: `^${run}-nothing$`, definition: { 'max-length': 7 } } });
    const [done] = await audit(s.admin, '/rabbitmq/definitions');
    expect(done).toMatchObject({ method: 'POST', route: DEFS, status: 200, counts: expect.objectContaining({ added: 3, changed: 1, unchanged: 2 }) });
    // The file's password hashes would never be in the entry; this one had none, and no payload either.
    expect(JSON.stringify(done.params)).not.toContain('password_hash":"');

    // The same file again: all unchanged.
    const again = await json<DefinitionsPreview>(await call(s.admin, 'POST', PREVIEW, { id }, { body: { definitions: file } }));
    expect([again.added, again.changed, again.unchanged]).toEqual([0, 0, 6]);
  });

  it('reports a queue that exists with other arguments as a conflict, which RabbitMQ indeed does not apply', async () => {
    const file: DefinitionsFile = { queues: [{ name: qArgs, vhost: '/', durable: true, auto_delete: false, arguments: { 'x-max-length': 20 } }] };
    const p = await json<DefinitionsPreview>(await call(s.admin, 'POST', PREVIEW, { id }, { body: { definitions: file } }));
    expect(kind(p, 'queues').items).toEqual([
      {
        name: qArgs,
        vhost: '/',
        status: 'conflict',
        reason: 'not applied: queue exists with other arguments; RabbitMQ keeps the existing queue and answers success (delete and import it again to change it)',
        changes: [{ field: 'arguments.x-max-length', before: '10', after: '20' }],
      },
    ]);
    expect(p.conflicts).toBe(1);
    const res = await call(s.admin, 'POST', DEFS, { id }, { body: { definitions: file, confirm: CONFIRM } });
    expect(await json<DefinitionsApplyResult>(res)).toMatchObject({ conflicts: 1, added: 0, changed: 0 });
    expect(await mgmt('GET', `queues/${enc('/', qArgs)}`)).toMatchObject({ arguments: { 'x-max-length': 10 } });
  });

  it('refuses, whole, an import RabbitMQ would fail half-way (a permission of an unknown user)', async () => {
    const file: DefinitionsFile = {
      permissions: [{ user: `${run}-nobody`, vhost: '/', configure: '', write: '', read: '' }],
      queues: [{ name: qRefused, vhost: '/', durable: true, auto_delete: false, arguments: {} }],
    };
    const p = await json<DefinitionsPreview>(await call(s.admin, 'POST', PREVIEW, { id }, { body: { definitions: file } }));
    expect(kind(p, 'permissions').items[0]).toMatchObject({ status: 'fails', reason: expect.stringContaining(`user "${run}-nobody" does not exist`) });
    const e = await errorOf(await call(s.admin, 'POST', DEFS, { id }, { body: { definitions: file, confirm: CONFIRM } }));
    expect([e.status, e.code, e.message]).toEqual([409, 'CONFLICT', expect.stringMatching(/^RabbitMQ would refuse this import, nothing was applied: permissions .*-nobody @ \/: will fail/)]);
    expect(ctlQueues().has(qRefused)).toBe(false);
  });

  it('imports into one vhost: items go there whatever vhost they name', async () => {
    await mgmt('PUT', `vhosts/${enc(vhost)}`, {});
    const file: DefinitionsFile = { users: [{ name: `${run}-u`, password_hash: 'x' }], queues: [{ name: qNew, vhost: '/', durable: true, auto_delete: false }] };
    const p = await json<DefinitionsPreview>(await call(s.admin, 'POST', PREVIEW, { id }, { body: { vhost, definitions: file } }));
    expect([p.vhost, p.added, p.ignored, kind(p, 'queues').items[0]?.vhost]).toEqual([vhost, 1, 1, vhost]);
    const res = await call(s.admin, 'POST', DEFS, { id }, { body: { vhost, definitions: file, confirm: CONFIRM } });
    expect(res.status).toBe(200);
    expect(ctlQueues(vhost).has(qNew)).toBe(true);
    // The user was not sent: an import into one vhost ignores users.
    await expect(mgmt('GET', `users/${enc(`${run}-u`)}`)).rejects.toThrow(/404/);
  });

  it('answers a malformed file with a 400 naming what is wrong', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ definitions: { queues: [{ name: 'q', vhost: '/', durable: 'yes', auto_delete: false }] } }, /^Invalid body field definitions\.queues\.0\.durable: /],
      [{ definitions: { queues: [{ name: 'q', durable: true, auto_delete: false }] } }, /^Invalid body field definitions\.queues\.0\.vhost: required when importing into all vhosts/],
      [{ definitions: { exchanges: [{ name: 'x', vhost: '/', type: 'direct' }] } }, /^Invalid body field definitions\.exchanges\.0\.durable/],
      [{ definitions: { bindings: [{ source: 'a', vhost: '/', destination: 'b', destination_type: 'topic', routing_key: '' }] } }, /^Invalid body field definitions\.bindings\.0\.destination_type/],
      [{ definitions: { policies: 'all of them' } }, /^Invalid body field definitions\.policies: /],
      [{ definitions: [] }, /^Invalid body field definitions: /],
    ];
    for (const [body, message] of cases) {
      const e = await errorOf(await call(s.admin, 'POST', PREVIEW, { id }, { body }));
      expect([e.status, e.message]).toEqual([400, expect.stringMatching(message)]);
    }
    const notJson = await errorOf(await call(s.admin, 'POST', PREVIEW, { id }, { rawBody: '{"definitions": {' }));
    expect([notJson.status, notJson.message]).toEqual([400, 'Request body is not valid JSON']);
    const big = await errorOf(await call(s.admin, 'POST', PREVIEW, { id }, { rawBody: JSON.stringify({ definitions: { rabbit_version: 'x'.repeat(9 * 1024 * 1024) } }) }));
    expect(big.status).toBe(413);
  });
});
