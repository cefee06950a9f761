import { describe, expect, it } from 'vitest';
import { atLimit, deliveriesLeft, deliveryCountOf, deliveryRuleOf, requeueAccounting } from './delivery-limit';
import { mgmtQueueWithTotalsSchema, overviewSchema } from './schemas';

/**
 * Management API answers in the shapes the servers send. 3.10.8's are recorded from the local broker (GET
 * /api/overview?columns=..., GET /api/queues/%2F/{name}, trimmed of garbage_collection and rates); the 3.13 and 4.x
 * ones follow the same object with those releases' versions and a 4.x queue's extra fields. Only 3.10.8 runs here:
 * the integration tests cover its behaviour, these the version gate.
 */
const overview = (v: string) => overviewSchema.parse({ management_version: v, product_version: v, product_name: 'RabbitMQ', rabbitmq_version: v }).rabbitmq_version ?? null;

type Shape = Record<string, unknown>;
const quorum = (extra: Shape): Shape => ({
  arguments: { 'x-queue-type': 'quorum' },
  auto_delete: false,
  consumer_details: [],
  consumers: 0,
  durable: true,
  exclusive: false,
  leader: 'rabbit@localhost',
  members: ['rabbit@localhost'],
  message_stats: { ack: 0, ack_details: { rate: 0 }, deliver_get: 1, deliver_get_details: { rate: 0 }, get: 1, redeliver: 0, redeliver_details: { rate: 0 } },
  messages: 3,
  messages_ready: 3,
  messages_unacknowledged: 0,
  name: 'orders',
  node: 'rabbit@localhost',
  online: ['rabbit@localhost'],
  state: 'running',
  type: 'quorum',
  vhost: '/',
  policy: null,
  operator_policy: null,
  effective_policy_definition: {},
  ...extra,
});
const queue = (s: Shape) => mgmtQueueWithTotalsSchema.parse(s);

/** 3.10.8: argument 5, policy 3, operator policy 4; the node dead-lettered after the 4th return (limit 3). */
const recorded310ArgPolicyOp = quorum({
  arguments: { 'x-delivery-limit': 5, 'x-queue-type': 'quorum' },
  policy: 'exp-pol',
  operator_policy: 'exp-op',
  effective_policy_definition: { 'delivery-limit': 3 },
});
/** 3.10.8 before the queue's first stats emission: no policy fields at all, no counts. */
const recorded310Fresh: Shape = {
  arguments: { 'x-queue-type': 'quorum' },
  auto_delete: false,
  consumer_details: [],
  deliveries: [],
  durable: true,
  exclusive: false,
  incoming: [],
  leader: 'rabbit@localhost',
  members: ['rabbit@localhost'],
  name: 'fresh',
  online: ['rabbit@localhost'],
  type: 'quorum',
  vhost: '/',
};

describe('requeueAccounting: the version gate', () => {
  it.each([
    ['3.10.8', true, null],
    ['3.13.7', true, null],
    ['4.0.5', true, 20],
    ['4.2.1', true, 20],
    ['4.3.0', false, 20],
    ['4.3.0-rc.1', false, 20],
    ['5.0.0', false, 20],
  ])('%s: requeue counts %s, default limit %s', (v, counts, defaultLimit) => {
    const a = requeueAccounting(overview(v));
    expect([a.requeueCounts, a.defaultLimit]).toEqual([counts, defaultLimit]);
    expect(a.rule).toContain(`RabbitMQ ${v}`);
  });

  it('an unknown version gets the strictest rule', () => {
    expect(requeueAccounting(null)).toMatchObject({ requeueCounts: true, defaultLimit: 20 });
    expect(requeueAccounting('not a version')).toMatchObject({ requeueCounts: true, defaultLimit: 20 });
  });
});

describe('deliveryRuleOf over recorded queue objects', () => {
  it('3.10: the x-delivery-limit argument; every requeue counts, so a read needs confirming', () => {
    const r = deliveryRuleOf(overview('3.10.8'), queue(quorum({ arguments: { 'x-delivery-limit': 2, 'x-queue-type': 'quorum' } })), false);
    expect(r).toMatchObject({ queueType: 'quorum', limit: 2, limitSource: 'argument', requeueCounts: true, confirmNeeded: true, readOnlyRefused: false });
    expect(r.summary).toMatch(/RabbitMQ 3\.10\.8 counts every requeue.*delivery limit is 2 \(from its x-delivery-limit argument\)/);
  });

  it('3.10: argument, policy and operator policy: the lowest wins, as the node resolved it', () => {
    const r = deliveryRuleOf(overview('3.10.8'), queue(recorded310ArgPolicyOp), false);
    expect(r).toMatchObject({ limit: 3, limitSource: 'policy', confirmNeeded: true });
    expect(r.summary).toContain('exp-pol / exp-op');
    const argLower = deliveryRuleOf('3.10.8', queue({ ...recorded310ArgPolicyOp, arguments: { 'x-delivery-limit': 2 } }), false);
    expect(argLower).toMatchObject({ limit: 2, limitSource: 'argument' });
  });

  it('3.13: no argument and no policy: no limit, so a read is free (counts rise, nothing is dead-lettered)', () => {
    const r = deliveryRuleOf(overview('3.13.7'), queue(quorum({})), true);
    expect(r).toMatchObject({ limit: null, limitSource: 'none', requeueCounts: true, confirmNeeded: false, readOnlyRefused: false });
  });

  it('3.x before the first stats emission: the policy is unknown, so a read needs confirming', () => {
    const r = deliveryRuleOf('3.10.8', queue(recorded310Fresh), true);
    expect(r).toMatchObject({ limit: null, limitSource: 'unknown', confirmNeeded: true, readOnlyRefused: true });
    expect(r.summary).toMatch(/policy is not known yet/);
    const withArg = deliveryRuleOf('3.10.8', queue({ ...recorded310Fresh, arguments: { 'x-delivery-limit': 4 } }), false);
    expect(withArg).toMatchObject({ limit: 4, limitSource: 'unknown', confirmNeeded: true });
    expect(withArg.summary).toContain('at most 4');
  });

  it('4.0: the default limit of 20 applies when nothing sets one; -1 turns it off', () => {
    expect(deliveryRuleOf(overview('4.0.5'), queue(quorum({})), false)).toMatchObject({ limit: 20, limitSource: 'default', requeueCounts: true, confirmNeeded: true });
    expect(deliveryRuleOf('4.0.5', queue(quorum({ arguments: { 'x-delivery-limit': -1 } })), false)).toMatchObject({ limit: null, limitSource: 'none', confirmNeeded: false });
  });

  it('4.2: an operator policy lower than the argument wins; read-only connections are refused', () => {
    const r = deliveryRuleOf(
      overview('4.2.1'),
      queue(quorum({ arguments: { 'x-delivery-limit': 10, 'x-queue-type': 'quorum' }, operator_policy: 'ops-limit', effective_policy_definition: { 'delivery-limit': 5, 'max-length': 1000 } })),
      true,
    );
    expect(r).toMatchObject({ limit: 5, limitSource: 'policy', confirmNeeded: true, readOnlyRefused: true });
  });

  it('4.3: a basic.nack requeue does not count: no confirmation, read-only allowed, nothing is at its limit for a read', () => {
    const r = deliveryRuleOf(overview('4.3.0'), queue(quorum({ arguments: { 'x-delivery-limit': 2, 'x-queue-type': 'quorum' } })), true);
    expect(r).toMatchObject({ limit: 2, requeueCounts: false, confirmNeeded: false, readOnlyRefused: false });
    expect(r.summary).toMatch(/only failed deliveries/);
    expect(atLimit(r, 2)).toBe(false);
    expect(deliveriesLeft(r, 1, true)).toBe(1);
  });

  it('classic queues and streams never need confirming; an old empty definition [] is no policy', () => {
    expect(deliveryRuleOf('4.0.5', queue({ ...quorum({}), type: 'classic', arguments: {} }), true)).toMatchObject({ limitSource: 'none', confirmNeeded: false, summary: expect.stringMatching(/redelivered/) });
    expect(deliveryRuleOf('3.10.8', queue({ ...quorum({}), type: 'stream' }), true)).toMatchObject({ confirmNeeded: false, summary: expect.stringMatching(/nothing is taken/) });
    expect(deliveryRuleOf('3.10.8', queue(quorum({ effective_policy_definition: [] })), false)).toMatchObject({ limitSource: 'none', confirmNeeded: false });
  });

  it('an unknown queue (management API down) is treated as one a read could harm', () => {
    expect(deliveryRuleOf('3.10.8', null, true)).toMatchObject({ queueType: null, limitSource: 'unknown', confirmNeeded: true, readOnlyRefused: true });
  });
});

describe('counting deliveries (3.10.8: a return that makes x-delivery-count exceed the limit dead-letters)', () => {
  const rule = { limit: 2, requeueCounts: true };
  it('limit 2: counts 0 and 1 survive a read, count 2 is at the limit', () => {
    expect([0, 1, 2].map((c) => deliveriesLeft(rule, c, false))).toEqual([2, 1, 0]);
    expect([0, 1].map((c) => deliveriesLeft(rule, c, true))).toEqual([1, 0]);
    expect([0, 1, 2, 3].map((c) => atLimit(rule, c))).toEqual([false, false, true, true]);
    expect(deliveriesLeft({ limit: null, requeueCounts: true }, 5, true)).toBeNull();
  });

  it('reads x-delivery-count; a quorum message without one has had no returns', () => {
    expect(deliveryCountOf({ 'x-delivery-count': 2 }, 'quorum')).toBe(2);
    expect(deliveryCountOf({}, 'quorum')).toBe(0);
    expect(deliveryCountOf(undefined, 'classic')).toBeNull();
  });
});
