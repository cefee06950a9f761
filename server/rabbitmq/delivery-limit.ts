import 'server-only';
import type { DeliveryRule } from '@/lib/contracts/rabbitmq';
import { parseRabbitVersion } from './version';

/**
 * What a get-and-requeue costs a message, by queue type and RabbitMQ release.
 *
 * A quorum queue dead-letters (or drops) a message that is returned more often than its delivery limit: with
 * x-delivery-count c (returns so far, as delivered) and limit L, the return that makes c + 1 > L dead-letters it.
 * Which returns count changed over the releases, and only the broker's version tells which rule applies:
 * - 3.8-3.13: every return counts (basic.nack/basic.reject with requeue, a closed channel); no default limit.
 * - 4.0-4.2: every return still counts; quorum queues get a default limit of 20 when nothing sets one.
 * - 4.3 and later: the limit is checked against failed deliveries only. basic.nack with requeue=true is a plain
 *   return that does not count; basic.reject with requeue=true, a rejected/failed AMQP 1.0 outcome and a closed
 *   channel do (rabbitmq-server#15387, quorum queue docs for 4.3: "unlimited explicit message returns (via nack
 *   ...) are now allowed without counting towards the delivery limit"). Wharf settles peeks with basic.nack.
 * Classic queues have no delivery limit; streams are read with a consumer at an offset and nothing is returned.
 */
export type RequeueAccounting = {
  /** Whether a basic.nack with requeue=true counts toward a quorum queue's delivery limit. */
  requeueCounts: boolean;
  /** The delivery limit of a quorum queue that neither an argument nor a policy limits. */
  defaultLimit: number | null;
  /** The rule in words, naming the release it comes from. */
  rule: string;
};

/** The 4.x default delivery limit of quorum queues. */
export const DEFAULT_QUORUM_DELIVERY_LIMIT = 20;

/** The one place that decides by the server's version (GET /api/overview rabbitmq_version). */
export function requeueAccounting(version: string | null | undefined): RequeueAccounting {
  const v = parseRabbitVersion(version);
  if (!v) {
    return {
      requeueCounts: true,
      defaultLimit: DEFAULT_QUORUM_DELIVERY_LIMIT,
      rule: 'The RabbitMQ version is unknown, so Wharf assumes the strictest rule: every requeue counts toward the delivery limit (20 by default since 4.0)',
    };
  }
  const release = `RabbitMQ ${version}`;
  if (v.major < 4) return { requeueCounts: true, defaultLimit: null, rule: `${release} counts every requeue toward a quorum queue's delivery limit (3.x sets no default limit)` };
  if (v.major === 4 && v.minor < 3) {
    return { requeueCounts: true, defaultLimit: DEFAULT_QUORUM_DELIVERY_LIMIT, rule: `${release} counts every requeue toward a quorum queue's delivery limit (20 unless an argument or policy sets one)` };
  }
  return {
    requeueCounts: false,
    defaultLimit: DEFAULT_QUORUM_DELIVERY_LIMIT,
    rule: `${release} counts only failed deliveries toward a quorum queue's delivery limit; a requeue by basic.nack, which Wharf uses, does not count`,
  };
}

/** The management API's queue object, the fields this module reads (recorded shapes in delivery-limit.test.ts). */
export type QueueLimitFields = {
  type?: string;
  arguments?: Record<string, unknown>;
  /** Names of the policy and operator policy that apply; null when none, absent until the queue's stats are out. */
  policy?: string | null;
  operator_policy?: string | null;
  /**
   * The policy and the operator policy merged by the broker (delivery-limit: the lower one wins). Absent until the
   * queue's first stats emission (several seconds after it is declared): then the policy is unknown, not none.
   * Old releases render an empty definition as [].
   */
  effective_policy_definition?: Record<string, unknown> | unknown[] | null;
};

function limitValue(v: unknown): number | null | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v < 0 ? null : v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return limitValue(Number(v));
  return undefined;
}

/**
 * The delivery rule of one queue. The limit is the lowest of the x-delivery-limit argument and the effective policy's
 * delivery-limit, as RabbitMQ resolves them (checked on 3.10.8: argument 5, policy 3, operator policy 4 -> 3). A
 * negative value (4.x: "no limit") sets nothing; when the policy is not known yet the limit is unknown, and a peek is
 * treated as one that could reach it.
 */
export function deliveryRuleOf(version: string | null, q: QueueLimitFields | null, readOnly: boolean): DeliveryRule {
  const accounting = requeueAccounting(version);
  const base = { queueType: q?.type ?? null, brokerVersion: version, requeueCounts: accounting.requeueCounts };
  if (!q || !q.type) {
    return {
      ...base,
      limit: null,
      limitSource: 'unknown',
      requeueCounts: true,
      confirmNeeded: true,
      readOnlyRefused: readOnly,
      summary: 'The management API did not say what type of queue this is or what limits it: Wharf treats a read as one that may use up a delivery of each message read.',
    };
  }
  if (q.type === 'stream') {
    return { ...base, requeueCounts: false, limit: null, limitSource: 'none', confirmNeeded: false, readOnlyRefused: false, summary: 'A stream is read by a consumer from an offset: nothing is taken, requeued or changed.' };
  }
  if (q.type !== 'quorum') {
    return {
      ...base,
      requeueCounts: false,
      limit: null,
      limitSource: 'none',
      confirmNeeded: false,
      readOnlyRefused: false,
      summary: 'A classic queue has no delivery limit: messages read are requeued in place, marked redelivered; nothing is removed.',
    };
  }
  const fromArgument = limitValue(q.arguments?.['x-delivery-limit']);
  const policyKnown = q.effective_policy_definition !== undefined;
  const definition = q.effective_policy_definition && !Array.isArray(q.effective_policy_definition) ? q.effective_policy_definition : {};
  const fromPolicy = limitValue(definition['delivery-limit']);
  const set = [fromArgument, fromPolicy].filter((v): v is number => typeof v === 'number');
  let limit: number | null = set.length ? Math.min(...set) : null;
  let limitSource: DeliveryRule['limitSource'] = limit === null ? 'none' : limit === fromPolicy ? 'policy' : 'argument';
  if (limit === null && fromArgument === undefined && fromPolicy === undefined && accounting.defaultLimit !== null) {
    limit = accounting.defaultLimit;
    limitSource = 'default';
  }
  // The argument is then only an upper bound: a policy Wharf cannot see yet may set a lower limit.
  if (!policyKnown) limitSource = 'unknown';
  const confirmNeeded = accounting.requeueCounts && (limit !== null || limitSource === 'unknown');
  const where = limitSource === 'argument' ? 'its x-delivery-limit argument' : limitSource === 'policy' ? `policy ${[q.policy, q.operator_policy].filter(Boolean).join(' / ') || '(effective)'}` : 'the default';
  let summary: string;
  if (!accounting.requeueCounts) summary = `${accounting.rule}: reading does not use up a delivery${limit === null ? '' : ` (delivery limit ${limit}, from ${where})`}.`;
  else if (limitSource === 'unknown')
    summary = `${accounting.rule}. This queue's policy is not known yet (the management API reports it with the queue's statistics, a few seconds after the queue appears)${limit === null ? '' : `; the limit is at most ${limit}`}: a read may reach a limit Wharf cannot see.`;
  else if (limit === null) summary = `${accounting.rule}. This queue has no delivery limit: reading raises each message's x-delivery-count but never dead-letters it.`;
  else summary = `${accounting.rule}. This queue's delivery limit is ${limit} (from ${where}): each read uses one requeue of every message read.`;
  return { ...base, limit, limitSource, confirmNeeded, readOnlyRefused: confirmNeeded && readOnly, summary };
}

/** x-delivery-count as delivered: how many counted returns the message has had (absent on 3.x first deliveries: 0). */
export function deliveryCountOf(headers: Record<string, unknown> | undefined, queueType: string | null): number | null {
  const v = headers?.['x-delivery-count'];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  return queueType === 'quorum' ? 0 : null;
}

/**
 * How many more counted returns a message survives: 0 means the next one dead-letters (or drops) it. `afterPeek`
 * takes off the return a peek is about to make when requeues count.
 */
export function deliveriesLeft(rule: Pick<DeliveryRule, 'limit' | 'requeueCounts'>, deliveryCount: number, afterPeek: boolean): number | null {
  if (rule.limit === null) return null;
  return rule.limit - deliveryCount - (afterPeek && rule.requeueCounts ? 1 : 0);
}

/** A message whose requeue would dead-letter it: it has no counted return left. */
export function atLimit(rule: Pick<DeliveryRule, 'limit' | 'requeueCounts'>, deliveryCount: number): boolean {
  return rule.requeueCounts && rule.limit !== null && deliveryCount >= rule.limit;
}
