import { describe, expect, it } from 'vitest';
import { definitionsFileSchema, definitionsPreviewBodySchema, type DefinitionsFile, type KindPreview } from '@/lib/contracts/rabbitmq-definitions';
import { canonical, diffDefinitions, fieldChanges, maskUriCredentials } from './definitions-diff';

const queue = (name: string, args: Record<string, unknown> = {}, vhost = '/') => ({ name, vhost, durable: true, auto_delete: false, arguments: args });
const exchange = (name: string, type = 'direct', vhost = '/') => ({ name, vhost, type, durable: true, auto_delete: false, internal: false, arguments: {} });
const policy = (name: string, definition: Record<string, unknown>, pattern = '^x$') => ({ name, vhost: '/', pattern, 'apply-to': 'queues', definition, priority: 0 });
const binding = (source: string, destination: string, routing_key = 'k') => ({ source, vhost: '/', destination, destination_type: 'queue' as const, routing_key, arguments: {} });

const live: DefinitionsFile = {
  users: [{ name: 'guest', password_hash: 'HASH-A', hashing_algorithm: 'rabbit_password_hashing_sha256', tags: ['administrator'], limits: {} }],
  vhosts: [{ name: '/' }],
  permissions: [{ user: 'guest', vhost: '/', configure: '.*', write: '.*', read: '.*' }],
  global_parameters: [{ name: 'internal_cluster_id', value: 'rabbitmq-cluster-id-x' }],
  parameters: [{ vhost: '/', component: 'shovel', name: 'sh', value: { 'src-uri': 'amqp://u:secret@host', 'src-queue': 'a' } }],
  policies: [policy('p1', { 'max-length': 5 })],
  queues: [queue('q-old'), queue('q-args', { 'x-max-length': 10 })],
  exchanges: [exchange('x-old')],
  bindings: [binding('x-old', 'q-old')],
};

const kind = (p: ReturnType<typeof diffDefinitions>, k: string): KindPreview => p.kinds.find((x) => x.kind === k)!;

describe('diffDefinitions', () => {
  it('lists exactly what the file adds and changes; the rest is unchanged or not removed', () => {
    const file: DefinitionsFile = {
      ...live,
      policies: [policy('p1', { 'max-length': 7 })],
      queues: [...live.queues!, queue('q-new')],
      exchanges: [...live.exchanges!, exchange('x-new', 'fanout')],
      bindings: [...live.bindings!, binding('x-new', 'q-new', '')],
    };
    const p = diffDefinitions(file, { definitions: live }, null);
    expect({ added: p.added, changed: p.changed, conflicts: p.conflicts, unchanged: p.unchanged, notRemoved: p.notRemoved, failures: p.failures }).toEqual({
      added: 3,
      changed: 1,
      conflicts: 0,
      unchanged: 9,
      notRemoved: 0,
      failures: 0,
    });
    expect(kind(p, 'queues').items).toEqual([{ name: 'q-new', vhost: '/', status: 'added', reason: null, changes: expect.arrayContaining([{ field: 'durable', before: null, after: 'true' }]) }]);
    expect(kind(p, 'policies').items).toEqual([{ name: 'p1', vhost: '/', status: 'changed', reason: null, changes: [{ field: 'definition.max-length', before: '5', after: '7' }] }]);
    expect(kind(p, 'exchanges').items.map((i) => [i.name, i.status])).toEqual([['x-new', 'added']]);
    expect(kind(p, 'bindings').items.map((i) => [i.name, i.status])).toEqual([['x-new → queue q-new', 'added']]);
    expect(kind(p, 'queues').unchangedNames).toEqual(['/ / q-old', '/ / q-args']);
  });

  it('flags a queue that exists with other arguments, and an exchange of another type, as conflicts RabbitMQ will not apply', () => {
    const file: DefinitionsFile = { queues: [queue('q-args', { 'x-max-length': 20, 'x-queue-type': 'quorum' })], exchanges: [exchange('x-old', 'topic')] };
    const p = diffDefinitions(file, { definitions: live }, null);
    const [q] = kind(p, 'queues').items;
    expect(q.status).toBe('conflict');
    expect(q.reason).toMatch(/^not applied: queue exists with other arguments; RabbitMQ keeps the existing queue/);
    expect(q.changes).toEqual([
      { field: 'arguments.x-max-length', before: '10', after: '20' },
      { field: 'arguments.x-queue-type', before: null, after: '"quorum"' },
    ]);
    expect(kind(p, 'exchanges').items[0]).toMatchObject({ status: 'conflict', reason: expect.stringContaining('exchange exists with another type'), changes: [{ field: 'type', before: '"direct"', after: '"topic"' }] });
    expect(p.conflicts).toBe(2);
  });

  it('says what exists on the broker but not in the file: not removed', () => {
    const p = diffDefinitions({ queues: [queue('q-old')] }, { definitions: live }, null);
    expect(kind(p, 'queues')).toMatchObject({ unchanged: 1, notRemoved: 1, notRemovedNames: ['/ / q-args'] });
    expect(kind(p, 'users')).toMatchObject({ notRemoved: 1, notRemovedNames: ['guest'], items: [] });
    expect(p.notRemoved).toBe(9);
  });

  it('finds what RabbitMQ refuses (unknown vhost or user) and what it passes over (amq.*, bindings to nothing)', () => {
    const file: DefinitionsFile = {
      vhosts: [{ name: 'made-here' }],
      permissions: [
        { user: 'nobody', vhost: '/', configure: '', write: '', read: '' },
        { user: 'guest', vhost: 'made-here', configure: '.*', write: '.*', read: '.*' },
      ],
      queues: [queue('in-nowhere', {}, 'no-such-vhost'), queue('amq.mine'), queue('fine', {}, 'made-here')],
      bindings: [binding('x-missing', 'q-old'), binding('amq.direct', 'q-old')],
    };
    const p = diffDefinitions(file, { definitions: live }, null);
    expect(kind(p, 'permissions').items.map((i) => [i.name, i.status, i.reason?.slice(0, 40)])).toEqual([
      ['nobody @ /', 'fails', 'will fail: user "nobody" does not exist '],
      ['guest @ made-here', 'added', undefined],
    ]);
    expect(kind(p, 'queues').items.map((i) => [i.name, i.status])).toEqual([
      ['in-nowhere', 'fails'],
      ['amq.mine', 'skipped'],
      ['fine', 'added'],
    ]);
    expect(kind(p, 'bindings').items.map((i) => [i.name, i.status])).toEqual([
      ['x-missing → queue q-old [k]', 'skipped'],
      ['amq.direct → queue q-old [k]', 'added'],
    ]);
    expect([p.failures, p.skipped]).toEqual([2, 2]);
  });

  it('never shows password hashes, and masks credentials in URIs', () => {
    const file: DefinitionsFile = {
      users: [{ name: 'guest', password_hash: 'HASH-B', tags: 'administrator,monitoring' }, { name: 'new', password: 'plain' }],
      parameters: [{ vhost: '/', component: 'shovel', name: 'sh', value: { 'src-uri': 'amqp://u:other@host', 'src-queue': 'a' } }],
    };
    const p = diffDefinitions(file, { definitions: live }, null);
    const text = JSON.stringify(p);
    for (const secret of ['HASH-A', 'HASH-B', 'plain', 'secret', 'other']) expect(text).not.toContain(secret);
    expect(kind(p, 'users').items).toEqual([
      {
        name: 'guest',
        vhost: null,
        status: 'changed',
        reason: null,
        changes: [
          { field: 'tags', before: '["administrator"]', after: '["administrator","monitoring"]' },
          { field: 'password_hash', before: '(hidden)', after: '(hidden)' },
        ],
      },
      expect.objectContaining({ name: 'new', status: 'added' }),
    ]);
    expect(kind(p, 'parameters').items[0].changes).toEqual([{ field: 'value.src-uri', before: '"amqp://u:***@host"', after: '"amqp://u:***@host"' }]);
  });

  it('imports into one vhost as RabbitMQ does: items go there, users, vhosts and permissions are ignored', () => {
    const vhostLive: DefinitionsFile = { queues: [{ name: 'q1', durable: true, auto_delete: false, arguments: {} }], policies: [], exchanges: [], bindings: [], parameters: [] };
    const file: DefinitionsFile = { users: [{ name: 'u', password_hash: 'h' }], queues: [queue('q1', {}, 'elsewhere'), queue('q2', {}, 'elsewhere')] };
    const p = diffDefinitions(file, { definitions: vhostLive }, 'team');
    expect(p.vhost).toBe('team');
    expect(kind(p, 'users')).toMatchObject({ applied: false, ignored: 1, items: [] });
    expect(kind(p, 'queues')).toMatchObject({ applied: true, unchanged: 1, added: 1, items: [expect.objectContaining({ name: 'q2', vhost: 'team', status: 'added' })] });
    expect(p.ignored).toBe(1);
  });

  it('compares vhost description and tags from GET /api/vhosts, only where the file sets them', () => {
    const vhostMeta = new Map([['/', { description: 'old', tags: ['a'] }]]);
    expect(diffDefinitions({ vhosts: [{ name: '/' }] }, { definitions: live, vhostMeta }, null).unchanged).toBe(1);
    const p = diffDefinitions({ vhosts: [{ name: '/', metadata: { description: 'new', tags: ['a'] } }] }, { definitions: live, vhostMeta }, null);
    expect(kind(p, 'vhosts').items[0].changes).toEqual([{ field: 'description', before: '"old"', after: '"new"' }]);
  });

  it('applies RabbitMQ defaults: a policy without apply-to and priority equals one with "all" and 0', () => {
    const l: DefinitionsFile = { policies: [{ name: 'p', vhost: '/', pattern: '.*', 'apply-to': 'all', definition: { a: 1 }, priority: 0 }] };
    expect(diffDefinitions({ policies: [{ name: 'p', vhost: '/', pattern: '.*', definition: { a: 1 } }] }, { definitions: l }, null).unchanged).toBe(1);
  });
});

describe('helpers', () => {
  it('canonical JSON ignores key order', () => {
    expect(canonical({ b: 1, a: [{ d: 2, c: 3 }] })).toBe(canonical({ a: [{ c: 3, d: 2 }], b: 1 }));
  });
  it('field changes go key by key into tables', () => {
    expect(fieldChanges({ arguments: { a: 1, b: 2 } }, { arguments: { a: 1, c: 3 } })).toEqual([
      { field: 'arguments.b', before: '2', after: null },
      { field: 'arguments.c', before: null, after: '3' },
    ]);
  });
  it('masks the password of a URI, not the rest', () => {
    expect(maskUriCredentials('amqps://user:p%40ss@host:5671/vh?x=1')).toBe('amqps://user:***@host:5671/vh?x=1');
    expect(maskUriCredentials('amqp://host/vh')).toBe('amqp://host/vh');
  });
});

describe('the file schema', () => {
  it('names what is wrong', () => {
    const bad = definitionsFileSchema.safeParse({ queues: [{ name: 'q', vhost: '/', durable: 'yes', auto_delete: false }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].path).toEqual(['queues', 0, 'durable']);
    const noValue = definitionsFileSchema.safeParse({ global_parameters: [{ name: 'x' }] });
    expect(noValue.error?.issues[0].path).toEqual(['global_parameters', 0, 'value']);
  });
  it('needs a vhost on items unless the import goes into one vhost', () => {
    const q = { name: 'q', durable: true, auto_delete: false };
    const all = definitionsPreviewBodySchema.safeParse({ definitions: { queues: [q] } });
    expect(all.error?.issues[0]).toMatchObject({ path: ['definitions', 'queues', 0, 'vhost'] });
    expect(definitionsPreviewBodySchema.safeParse({ vhost: 'v', definitions: { queues: [q] } }).success).toBe(true);
  });
  it('keeps fields it does not know, for RabbitMQ', () => {
    const r = definitionsFileSchema.parse({ product_name: 'RabbitMQ', vhosts: [{ name: 'v', limits: [], default_queue_type: 'quorum' }] });
    expect(r).toEqual({ product_name: 'RabbitMQ', vhosts: [{ name: 'v', limits: [], default_queue_type: 'quorum' }] });
  });
});
