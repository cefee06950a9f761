import 'server-only';
import { compilePolicyPattern, policyPatternMatches, type PolicyEffectSide, type PolicyKind, type PolicyObjectChange, type PolicyPreview } from '@/lib/contracts/rabbitmq-policies';

/**
 * Which policy is in effect on a queue or exchange, and what it defines, as RabbitMQ decides it (rabbit_policy and
 * rabbit_queue_type of 3.10.8, read from the node's own modules):
 * - a policy matches an object when apply-to covers its kind (all, queues, exchanges; since 3.12 also the queue types
 *   classic_queues / quorum_queues / streams), the pattern matches its name (re:run on the name's bytes), and, for a
 *   queue, no key of the definition is one its type does not support (the whole policy is then skipped, and a lower
 *   one may win);
 * - of the matching policies the highest priority wins; equal priorities are ordered by the broker's storage order,
 *   which is not visible from outside (reported as a tie);
 * - the same picks one operator policy; then the two definitions are merged key by key: a key in one only is taken as
 *   it is, a key in both takes the lower number (every key an operator policy accepts on 3.10 is a number), for two
 *   booleans the operator's.
 */

export type PolicyRecord = { name: string; pattern: string; applyTo: string; priority: number; definition: Record<string, unknown> };

export type PolicyTarget = {
  kind: 'queue' | 'exchange';
  name: string;
  /** A queue's type (classic, quorum, stream); an exchange's type. */
  type: string | null;
  /** As the broker reports them now; null when it does not say (an exchange's operator policy, stats not out yet). */
  policy: string | null;
  operatorPolicy: string | null;
};

/** Keys each queue type refuses in a policy (capabilities() unsupported_policies of 3.10.8's queue type modules). */
const UNSUPPORTED_KEYS: Record<string, readonly string[]> = {
  classic: ['max-age', 'stream-max-segment-size-bytes', 'queue-leader-locator', 'initial-cluster-size', 'delivery-limit', 'dead-letter-strategy'],
  quorum: [
    'max-priority',
    'queue-mode',
    'single-active-consumer',
    'ha-mode',
    'ha-params',
    'ha-sync-mode',
    'ha-promote-on-shutdown',
    'ha-promote-on-failure',
    'queue-master-locator',
    'max-age',
    'stream-max-segment-size-bytes',
    'initial-cluster-size',
  ],
  stream: [
    'expires',
    'message-ttl',
    'dead-letter-exchange',
    'dead-letter-routing-key',
    'max-length',
    'max-in-memory-length',
    'max-in-memory-bytes',
    'max-priority',
    'overflow',
    'queue-mode',
    'single-active-consumer',
    'delivery-limit',
    'ha-mode',
    'ha-params',
    'ha-sync-mode',
    'ha-promote-on-shutdown',
    'ha-promote-on-failure',
    'queue-master-locator',
    'dead-letter-strategy',
  ],
};

/** Each queue type module's policy_apply_to_name(). */
const APPLY_TO_NAME: Record<string, string> = { classic: 'classic_queues', quorum: 'quorum_queues', stream: 'streams' };

function appliesToKind(applyTo: string, target: PolicyTarget): boolean {
  if (applyTo === 'all') return true;
  if (target.kind === 'exchange') return applyTo === 'exchanges';
  return applyTo === 'queues' || APPLY_TO_NAME[target.type ?? 'classic'] === applyTo;
}

function applicable(target: PolicyTarget, definition: Record<string, unknown>): boolean {
  if (target.kind === 'exchange') return true;
  const refused = UNSUPPORTED_KEYS[target.type ?? 'classic'] ?? [];
  return Object.keys(definition).every((k) => !refused.includes(k));
}

const regexCache = new Map<string, RegExp | null>();
function regexOf(pattern: string): RegExp | null {
  if (!regexCache.has(pattern)) {
    const compiled = compilePolicyPattern(pattern);
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(pattern, compiled.ok ? compiled.regex : null);
  }
  return regexCache.get(pattern) ?? null;
}

export function policyMatches(policy: PolicyRecord, target: PolicyTarget): boolean {
  const regex = regexOf(policy.pattern);
  return !!regex && appliesToKind(policy.applyTo, target) && applicable(target, policy.definition) && policyPatternMatches(regex, target.name);
}

export type Winner = { policy: PolicyRecord | null; tie: string[] };

/**
 * The policy in effect on `target` among `policies`. Between equals in priority the broker's current choice is kept
 * when it is one of them (its storage order does not change when other policies come and go), otherwise the first
 * by name, and the tie is reported.
 */
export function winningPolicy(policies: readonly PolicyRecord[], target: PolicyTarget, current: string | null): Winner {
  const matching = policies.filter((p) => policyMatches(p, target));
  if (!matching.length) return { policy: null, tie: [] };
  const top = Math.max(...matching.map((p) => p.priority));
  const best = matching.filter((p) => p.priority === top).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const kept = best.find((p) => p.name === current) ?? best[0];
  return { policy: kept, tie: best.length > 1 ? best.map((p) => p.name) : [] };
}

function mergeValue(value: unknown, opValue: unknown): unknown {
  if (typeof value === 'number' && typeof opValue === 'number') return Math.min(value, opValue);
  // Booleans: the operator's (rabbit_policies:merge_policy_value); no other kind of key is accepted in an operator
  // policy on 3.10, and a newer broker's merge for one is not known here: the operator's is shown.
  return opValue;
}

/** rabbit_policy:merge_operator_definitions. */
export function mergeDefinitions(policy: Record<string, unknown> | null, operator: Record<string, unknown> | null): Record<string, unknown> {
  if (!policy) return { ...(operator ?? {}) };
  if (!operator) return { ...policy };
  const merged: Record<string, unknown> = {};
  for (const key of [...new Set([...Object.keys(policy), ...Object.keys(operator)])].sort()) {
    if (!(key in operator)) merged[key] = policy[key];
    else if (!(key in policy)) merged[key] = operator[key];
    else merged[key] = mergeValue(policy[key], operator[key]);
  }
  return merged;
}

export type PolicySets = { policies: readonly PolicyRecord[]; operatorPolicies: readonly PolicyRecord[] };

export type Effect = PolicyEffectSide & { tie: string[] };

/** The policy, operator policy and effective definition of one object under the given policy sets. */
export function effectOn(sets: PolicySets, target: PolicyTarget): Effect {
  const p = winningPolicy(sets.policies, target, target.policy);
  const op = winningPolicy(sets.operatorPolicies, target, target.operatorPolicy);
  return {
    policy: p.policy?.name ?? null,
    operatorPolicy: op.policy?.name ?? null,
    definition: mergeDefinitions(p.policy?.definition ?? null, op.policy?.definition ?? null),
    tie: [...p.tie, ...op.tie],
  };
}

export type ProposedChange = { kind: PolicyKind; name: string } & ({ action: 'put'; policy: Omit<PolicyRecord, 'name'> } | { action: 'delete' });

/** The policy sets after the change: a put replaces the policy of that name (or adds it), a delete removes it. */
export function applyChange(sets: PolicySets, change: ProposedChange): PolicySets {
  const key = change.kind === 'policy' ? 'policies' : 'operatorPolicies';
  const others = sets[key].filter((p) => p.name !== change.name);
  const next = change.action === 'put' ? [...others, { ...change.policy, name: change.name }] : others;
  return { ...sets, [key]: next };
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export function sameEffect(a: PolicyEffectSide, b: PolicyEffectSide): boolean {
  return a.policy === b.policy && a.operatorPolicy === b.operatorPolicy && canonical(a.definition) === canonical(b.definition);
}

export type PreviewInput = { vhost: string; sets: PolicySets; targets: readonly PolicyTarget[]; change: ProposedChange; version: string | null };

/**
 * For every queue and exchange of the vhost, the effect before and after the change; only those that change are
 * listed. `matched` and `effectiveOn` count the objects the policy (as proposed, or as it stands for a delete) selects
 * and wins on.
 */
export function previewPolicyChange({ vhost, sets, targets, change, version }: PreviewInput): PolicyPreview {
  const key = change.kind === 'policy' ? 'policies' : 'operatorPolicies';
  const existing = sets[key].find((p) => p.name === change.name) ?? null;
  const after = applyChange(sets, change);
  const subject = change.action === 'put' ? { ...change.policy, name: change.name } : existing;
  let matched = 0;
  let effectiveOn = 0;
  const changes: PolicyObjectChange[] = [];
  for (const target of targets) {
    const before = effectOn(sets, target);
    const next = effectOn(after, target);
    const side = change.kind === 'policy' ? next.policy : next.operatorPolicy;
    if (subject && policyMatches(subject, target)) matched++;
    if (change.action === 'put' ? side === change.name : (change.kind === 'policy' ? before.policy : before.operatorPolicy) === change.name) effectiveOn++;
    if (sameEffect(before, next)) continue;
    changes.push({
      kind: target.kind,
      name: target.name,
      type: target.type,
      before: { policy: before.policy, operatorPolicy: before.operatorPolicy, definition: before.definition },
      after: { policy: next.policy, operatorPolicy: next.operatorPolicy, definition: next.definition },
      tie: [...new Set([...before.tie, ...next.tie])],
    });
  }
  changes.sort((a, b) => (a.kind === b.kind ? (a.name < b.name ? -1 : 1) : a.kind === 'queue' ? -1 : 1));
  return {
    kind: change.kind,
    vhost,
    name: change.name,
    action: change.action === 'delete' ? 'delete' : existing ? 'update' : 'create',
    matched,
    effectiveOn,
    queues: targets.filter((t) => t.kind === 'queue').length,
    exchanges: targets.filter((t) => t.kind === 'exchange').length,
    changes,
    version,
  };
}
