import { describe, expect, it } from 'vitest';
import { compilePolicyPattern, policyBodySchema, policyPatternMatches } from '@/lib/contracts/rabbitmq-policies';
import { effectOn, mergeDefinitions, previewPolicyChange, winningPolicy, type PolicyRecord, type PolicySets, type PolicyTarget } from './policy-effect';

const pol = (name: string, pattern: string, priority: number, definition: Record<string, unknown>, applyTo = 'all'): PolicyRecord => ({ name, pattern, priority, definition, applyTo });
const queue = (name: string, type = 'classic', policy: string | null = null, operatorPolicy: string | null = null): PolicyTarget => ({ kind: 'queue', name, type, policy, operatorPolicy });
const exchange = (name: string, policy: string | null = null): PolicyTarget => ({ kind: 'exchange', name, type: 'direct', policy, operatorPolicy: null });

describe('which policy wins', () => {
  it('takes the highest priority among the matching ones', () => {
    const ps = [pol('low', '^orders', 1, { 'max-length': 10 }), pol('high', '^orders\\.', 5, { 'max-length': 5 }), pol('other', '^pay', 9, { 'max-length': 1 })];
    expect(winningPolicy(ps, queue('orders.new'), null)).toEqual({ policy: ps[1], tie: [] });
    expect(winningPolicy(ps, queue('ordersX'), null).policy?.name).toBe('low');
    expect(winningPolicy(ps, queue('shipping'), null).policy).toBeNull();
  });

  it('honours apply-to, including the 3.12 queue types', () => {
    const ps = [pol('q', '.*', 1, { 'max-length': 1 }, 'queues'), pol('x', '.*', 1, { 'alternate-exchange': 'ae' }, 'exchanges'), pol('qq', '.*', 2, { 'max-length': 2 }, 'quorum_queues')];
    expect(winningPolicy(ps, queue('a'), null).policy?.name).toBe('q');
    expect(winningPolicy(ps, queue('a', 'quorum'), null).policy?.name).toBe('qq');
    expect(winningPolicy(ps, exchange('a'), null).policy?.name).toBe('x');
  });

  it('skips a policy with a key the queue type refuses, so a lower one wins (seen on 3.10.8)', () => {
    const ps = [pol('ha', '^t', 5, { 'ha-mode': 'all' }, 'queues'), pol('ttl', '^t', 1, { 'message-ttl': 1000 })];
    expect(winningPolicy(ps, queue('t1', 'classic'), null).policy?.name).toBe('ha');
    expect(winningPolicy(ps, queue('t1', 'quorum'), null).policy?.name).toBe('ttl');
    // message-ttl is not a stream setting either: nothing applies to a stream.
    expect(winningPolicy(ps, queue('t1', 'stream'), null).policy).toBeNull();
    expect(winningPolicy([pol('age', '^t', 0, { 'max-age': '1D' })], queue('t1', 'stream'), null).policy?.name).toBe('age');
  });

  it('reports a tie of equal priorities and keeps the broker\'s current pick', () => {
    const ps = [pol('b', '.*', 3, { 'max-length': 1 }), pol('a', '.*', 3, { 'max-length': 2 })];
    expect(winningPolicy(ps, queue('x'), 'b')).toEqual({ policy: ps[0], tie: ['a', 'b'] });
    expect(winningPolicy(ps, queue('x'), null).policy?.name).toBe('a');
  });

  it('matches names on their UTF-8 bytes, as re:run does without the unicode option', () => {
    const one = compilePolicyPattern('^.$');
    expect(one.ok && policyPatternMatches(one.regex, 'a')).toBe(true);
    expect(one.ok && policyPatternMatches(one.regex, 'é')).toBe(false);
    const accent = compilePolicyPattern('^café$');
    expect(accent.ok && policyPatternMatches(accent.regex, 'café')).toBe(true);
  });
});

describe('the operator policy merge', () => {
  it('keeps keys of either side and takes the lower number where both set one', () => {
    expect(mergeDefinitions({ 'message-ttl': 1000, 'ha-mode': 'all' }, { 'message-ttl': 500, 'max-length': 10 })).toEqual({ 'ha-mode': 'all', 'max-length': 10, 'message-ttl': 500 });
    expect(mergeDefinitions({ 'max-length': 3 }, { 'max-length': 10 })).toEqual({ 'max-length': 3 });
    expect(mergeDefinitions(null, { expires: 10 })).toEqual({ expires: 10 });
    expect(mergeDefinitions(null, null)).toEqual({});
  });

  it('reproduces what 3.10.8 reported for a classic and a quorum queue', () => {
    const sets: PolicySets = {
      policies: [pol('ha', '^t', 5, { 'ha-mode': 'all' }, 'queues'), pol('ttl', '^t', 1, { 'message-ttl': 1000 })],
      operatorPolicies: [pol('op', '^t', 1, { 'message-ttl': 500, 'max-length': 10 }, 'queues')],
    };
    expect(effectOn(sets, queue('t-cq'))).toEqual({ policy: 'ha', operatorPolicy: 'op', definition: { 'ha-mode': 'all', 'max-length': 10, 'message-ttl': 500 }, tie: [] });
    expect(effectOn(sets, queue('t-qq', 'quorum'))).toEqual({ policy: 'ttl', operatorPolicy: 'op', definition: { 'max-length': 10, 'message-ttl': 500 }, tie: [] });
    expect(effectOn(sets, queue('t-st', 'stream'))).toEqual({ policy: null, operatorPolicy: null, definition: {}, tie: [] });
  });
});

describe('the preview', () => {
  const sets: PolicySets = { policies: [pol('base', '^app\\.', 0, { 'max-length': 100 })], operatorPolicies: [pol('cap', '.*', 0, { 'max-length': 50 }, 'queues')] };
  const targets = [queue('app.a', 'classic', 'base', 'cap'), queue('app.b', 'quorum', 'base', 'cap'), queue('other', 'classic', null, 'cap'), exchange('app.x', 'base'), exchange('amq.direct')];

  it('lists only what changes, with before and after, and counts what the policy selects', () => {
    const p = previewPolicyChange({ vhost: '/', sets, targets, version: '3.10.8', change: { kind: 'policy', name: 'tight', action: 'put', policy: { pattern: '^app\\.', applyTo: 'queues', priority: 1, definition: { 'max-length': 10 } } } });
    expect(p).toMatchObject({ action: 'create', matched: 2, effectiveOn: 2, queues: 3, exchanges: 2 });
    expect(p.changes.map((c) => c.name)).toEqual(['app.a', 'app.b']);
    expect(p.changes[0]).toEqual({
      kind: 'queue',
      name: 'app.a',
      type: 'classic',
      before: { policy: 'base', operatorPolicy: 'cap', definition: { 'max-length': 50 } },
      after: { policy: 'tight', operatorPolicy: 'cap', definition: { 'max-length': 10 } },
      tie: [],
    });
  });

  it('shows a policy that changes nothing effective as a change of name only when the name changes', () => {
    // Same definition, higher priority: the effective definition stays, the policy name changes.
    const p = previewPolicyChange({ vhost: '/', sets, targets, version: '3.10.8', change: { kind: 'policy', name: 'same', action: 'put', policy: { pattern: '^app\\.x$', applyTo: 'exchanges', priority: 1, definition: { 'max-length': 100 } } } });
    expect(p.changes).toEqual([expect.objectContaining({ kind: 'exchange', name: 'app.x', before: expect.objectContaining({ policy: 'base' }), after: expect.objectContaining({ policy: 'same' }) })]);
  });

  it('edits in place and deletes, falling back to what else matches', () => {
    const edit = previewPolicyChange({ vhost: '/', sets, targets, version: null, change: { kind: 'policy', name: 'base', action: 'put', policy: { pattern: '^app\\.a$', applyTo: 'all', priority: 0, definition: { 'max-length': 100 } } } });
    expect(edit).toMatchObject({ action: 'update', matched: 1, effectiveOn: 1 });
    expect(edit.changes.map((c) => [c.name, c.after.policy])).toEqual([
      ['app.b', null],
      ['app.x', null],
    ]);
    const del = previewPolicyChange({ vhost: '/', sets, targets, version: null, change: { kind: 'operator', name: 'cap', action: 'delete' } });
    expect(del).toMatchObject({ action: 'delete', matched: 3, effectiveOn: 3 });
    expect(del.changes.map((c) => [c.name, c.after.definition])).toEqual([
      ['app.a', { 'max-length': 100 }],
      ['app.b', { 'max-length': 100 }],
      ['other', {}],
    ]);
  });
});

describe('the request contract', () => {
  const ok = { pattern: '^a', applyTo: 'queues', priority: 0, definition: { 'max-length': 1 } };
  const problem = (body: unknown) => {
    const r = policyBodySchema.safeParse(body);
    return r.success ? null : `${r.error.issues[0].path.join('.')}: ${r.error.issues[0].message}`;
  };
  it('names the field that is wrong', () => {
    expect(problem(ok)).toBeNull();
    expect(problem({ ...ok, pattern: '(' })).toMatch(/^pattern: not a regular expression/);
    expect(problem({ ...ok, pattern: '\\Aorders' })).toBe('pattern: \\A is PCRE syntax Wharf cannot preview');
    expect(problem({ ...ok, pattern: '[[:alpha:]]' })).toMatch(/^pattern: POSIX classes/);
    expect(problem({ ...ok, pattern: '\\\\Aliteral' })).toBeNull();
    expect(problem({ ...ok, applyTo: 'bindings' })).toMatch(/^applyTo:/);
    expect(problem({ ...ok, priority: -1 })).toBe('priority: must be 0 or more');
    expect(problem({ ...ok, priority: 1.5 })).toMatch(/^priority: must be a whole number/);
    expect(problem({ ...ok, definition: [1] })).toMatch(/^definition: must be a JSON object/);
    expect(problem({ ...ok, definition: 'x' })).toMatch(/^definition: must be a JSON object/);
    expect(problem({ ...ok, definition: {} })).toBe('definition: must hold at least one setting');
  });
});
