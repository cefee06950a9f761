import 'server-only';
import { z } from 'zod';
import {
  applyToSchema,
  QUEUE_TYPE_APPLY_TO,
  type ApplyTo,
  type PolicyKind,
  type PolicyList,
  type PolicyPreview,
  type policyBodySchema,
  type policyPreviewBodySchema,
} from '@/lib/contracts/rabbitmq-policies';
import { describeBrokerError } from '../connections/broker-error';
import { BadRequestError, NotFoundError } from '../http/errors';
import { logger } from '../logger';
import { named } from './browse';
import type { RabbitmqConnector } from './connector';
import { isAtLeast } from './version';
import { assertWritable } from './guard';
import { mgmtPath } from './management-client';
import { previewPolicyChange, type PolicyRecord, type PolicySets, type PolicyTarget } from './policy-effect';
import { mgmtPolicyExchangeListSchema, mgmtPolicyListSchema, mgmtPolicyQueueListSchema, mgmtPolicySchema, type MgmtPolicy } from './policy-schemas';
import { brokerVersion } from './read-rule';

const COLLECTION: Record<PolicyKind, string> = { policy: 'policies', operator: 'operator-policies' };
const WORD: Record<PolicyKind, string> = { policy: 'policy', operator: 'operator policy' };

/** Every queue of a vhost (or all): thousands of them take the broker seconds to list, as in the sampler. */
const OBJECT_LIST_TIMEOUT_MS = 12_000;

const toRecord = (p: MgmtPolicy): PolicyRecord => ({
  name: p.name,
  pattern: p.pattern,
  applyTo: p['apply-to'],
  priority: p.priority,
  definition: Array.isArray(p.definition) ? {} : p.definition,
});

/** What apply-to accepts on this broker: the queue types only from 3.12; everything when the version is unknown. */
export function applyToOptions(version: string | null): ApplyTo[] {
  const typed = isAtLeast(version, 3, 12) ?? true;
  return applyToSchema.options.filter((o) => typed || !(QUEUE_TYPE_APPLY_TO as readonly string[]).includes(o));
}

function checkApplyTo(applyTo: ApplyTo, version: string | null): void {
  if (!applyToOptions(version).includes(applyTo)) {
    throw new BadRequestError(`Invalid body field applyTo: "${applyTo}" needs RabbitMQ 3.12 or later (this broker runs ${version}); use queues, exchanges or all`);
  }
}

async function assertVhost(c: RabbitmqConnector, vhost: string): Promise<void> {
  await named(`vhost "${vhost}"`, c.management.get(`vhosts/${mgmtPath(vhost)}`, z.object({ name: z.string() })));
}

/** Queues and exchanges counted per policy name, as the broker reports them; null when they cannot be read. */
async function inEffectCounts(c: RabbitmqConnector, kind: PolicyKind, vhost: string | undefined): Promise<Map<string, number> | null> {
  const suffix = vhost ? `/${mgmtPath(vhost)}` : '';
  try {
    const field = kind === 'policy' ? 'policy' : 'operator_policy';
    const queues = c.management.get(`queues${suffix}?columns=name,vhost,${field}`, z.array(z.object({ vhost: z.string().optional(), policy: z.string().nullable().optional(), operator_policy: z.string().nullable().optional() })), OBJECT_LIST_TIMEOUT_MS);
    // Exchanges report no operator policy (rabbit_mgmt_format): operator policies hold queue settings only anyway.
    const exchanges = kind === 'policy' ? c.management.get(`exchanges${suffix}?columns=name,vhost,policy`, z.array(z.object({ vhost: z.string().optional(), policy: z.string().nullable().optional() })), OBJECT_LIST_TIMEOUT_MS) : Promise.resolve([]);
    const counts = new Map<string, number>();
    for (const o of [...(await queues), ...(await exchanges)]) {
      const name = kind === 'policy' ? o.policy : (o as { operator_policy?: string | null }).operator_policy;
      if (!name) continue;
      const key = `${o.vhost ?? vhost}\u0000${name}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  } catch (e) {
    logger.warn({ connection: c.config.id, err: describeBrokerError(e) }, 'objects in effect per policy unknown');
    return null;
  }
}

export async function listPolicies(c: RabbitmqConnector, kind: PolicyKind, vhost: string | undefined): Promise<PolicyList> {
  const path = vhost ? `${COLLECTION[kind]}/${mgmtPath(vhost)}` : COLLECTION[kind];
  const [list, counts, version] = await Promise.all([named(`vhost "${vhost}"`, c.management.get(path, mgmtPolicyListSchema)), inEffectCounts(c, kind, vhost), brokerVersion(c)]);
  const policies = list
    .map((p) => ({ vhost: p.vhost, ...toRecord(p), effectiveOn: counts ? (counts.get(`${p.vhost}\u0000${p.name}`) ?? 0) : null }))
    .sort((a, b) => (a.vhost === b.vhost ? b.priority - a.priority || (a.name < b.name ? -1 : 1) : a.vhost < b.vhost ? -1 : 1));
  return { kind, policies, applyTo: applyToOptions(version), version };
}

/** The policies, operator policies, queues and exchanges of one vhost, read together. */
async function vhostState(c: RabbitmqConnector, vhost: string): Promise<{ sets: PolicySets; targets: PolicyTarget[] }> {
  const v = mgmtPath(vhost);
  const what = `vhost "${vhost}"`;
  const [policies, operatorPolicies, queues, exchanges] = await Promise.all([
    named(what, c.management.get(`policies/${v}`, mgmtPolicyListSchema)),
    named(what, c.management.get(`operator-policies/${v}`, mgmtPolicyListSchema)),
    named(what, c.management.get(`queues/${v}?columns=name,type,policy,operator_policy`, mgmtPolicyQueueListSchema, OBJECT_LIST_TIMEOUT_MS)),
    named(what, c.management.get(`exchanges/${v}?columns=name,type,policy`, mgmtPolicyExchangeListSchema, OBJECT_LIST_TIMEOUT_MS)),
  ]);
  const targets: PolicyTarget[] = [
    ...queues.map((q) => ({ kind: 'queue' as const, name: q.name, type: q.type ?? 'classic', policy: q.policy ?? null, operatorPolicy: q.operator_policy ?? null })),
    ...exchanges.map((x) => ({ kind: 'exchange' as const, name: x.name, type: x.type ?? null, policy: x.policy ?? null, operatorPolicy: null })),
  ];
  return { sets: { policies: policies.map(toRecord), operatorPolicies: operatorPolicies.map(toRecord) }, targets };
}

type PreviewBody = z.infer<typeof policyPreviewBodySchema>;

/** What a create, edit or delete would change on every queue and exchange of the vhost; changes nothing. */
export async function previewPolicy(c: RabbitmqConnector, kind: PolicyKind, vhost: string, name: string, body: PreviewBody): Promise<PolicyPreview> {
  const [state, version] = await Promise.all([vhostState(c, vhost), brokerVersion(c)]);
  const list = kind === 'policy' ? state.sets.policies : state.sets.operatorPolicies;
  if (body.action === 'delete' && !list.some((p) => p.name === name)) throw new NotFoundError(`${WORD[kind]} "${name}" in vhost "${vhost}" not found`);
  if (body.action === 'put') checkApplyTo(body.applyTo, version);
  const change =
    body.action === 'put'
      ? { kind, name, action: 'put' as const, policy: { pattern: body.pattern, applyTo: body.applyTo, priority: body.priority, definition: body.definition } }
      : { kind, name, action: 'delete' as const };
  return previewPolicyChange({ vhost, sets: state.sets, targets: state.targets, change, version });
}

/** RabbitMQ's validation message comes HTML-escaped and laid out for a terminal. */
function refusal(e: unknown): unknown {
  if (!(e instanceof BadRequestError)) return e;
  const text = e.message
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  return new BadRequestError(text);
}

async function existing(c: RabbitmqConnector, kind: PolicyKind, vhost: string, name: string): Promise<MgmtPolicy | null> {
  try {
    return await c.management.get(`${COLLECTION[kind]}/${mgmtPath(vhost, name)}`, mgmtPolicySchema);
  } catch (e) {
    if (e instanceof NotFoundError) return null;
    throw e;
  }
}

/** Creates or replaces a policy; replacing one repeats its name (`confirm`). Answers which it was. */
export async function putPolicy(c: RabbitmqConnector, kind: PolicyKind, vhost: string, name: string, body: z.infer<typeof policyBodySchema>): Promise<'create' | 'update'> {
  assertWritable(c);
  await assertVhost(c, vhost);
  checkApplyTo(body.applyTo, await brokerVersion(c));
  const before = await existing(c, kind, vhost, name);
  if (before && body.confirm !== name) throw new BadRequestError(`Invalid body field confirm: ${WORD[kind]} "${name}" exists; type its name to confirm the change`);
  try {
    await named(`vhost "${vhost}"`, c.management.send('PUT', `${COLLECTION[kind]}/${mgmtPath(vhost, name)}`, { pattern: body.pattern, definition: body.definition, priority: body.priority, 'apply-to': body.applyTo }));
  } catch (e) {
    throw refusal(e);
  }
  return before ? 'update' : 'create';
}

export async function deletePolicy(c: RabbitmqConnector, kind: PolicyKind, vhost: string, name: string, confirm: string): Promise<void> {
  assertWritable(c);
  if (confirm !== name) throw new BadRequestError(`Type the name "${name}" to confirm (confirm parameter does not match)`);
  await assertVhost(c, vhost);
  await named(`${WORD[kind]} "${name}" in vhost "${vhost}"`, c.management.send('DELETE', `${COLLECTION[kind]}/${mgmtPath(vhost, name)}`));
}
