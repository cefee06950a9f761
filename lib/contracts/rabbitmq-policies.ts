import { z } from 'zod';
import { objectParamsSchema } from './rabbitmq';

/** Policies (user) and operator policies live in two management API collections of the same shape. */
export const policyKindSchema = z.enum(['policy', 'operator']);
export type PolicyKind = z.infer<typeof policyKindSchema>;

/** The type-specific targets came with RabbitMQ 3.12 (rabbit_policy:apply_to_validation); older brokers refuse them. */
export const QUEUE_TYPE_APPLY_TO = ['classic_queues', 'quorum_queues', 'streams'] as const;
export const applyToSchema = z.enum(['all', 'queues', 'exchanges', ...QUEUE_TYPE_APPLY_TO]);
export type ApplyTo = z.infer<typeof applyToSchema>;

/**
 * Escapes PCRE gives a meaning that a JavaScript regular expression reads as a plain letter (or not at all): a preview
 * computed with them would match other names than RabbitMQ does, so they are refused before anything is computed.
 */
const PCRE_ONLY_ESCAPES = /(?<!\\)(?:\\\\)*(\\[AZzGQEKhHRXCeapP])/;

/**
 * RabbitMQ matches names with Erlang's re:run on the name's UTF-8 bytes (no unicode option): "." takes one byte.
 * The same holds here when both sides are turned into one character per byte.
 */
export function utf8Bytes(s: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(s)) out += String.fromCharCode(b);
  return out;
}

/** The pattern as RabbitMQ evaluates it, or the reason it cannot be previewed. */
export function compilePolicyPattern(pattern: string): { ok: true; regex: RegExp } | { ok: false; message: string } {
  if (/\[:\^?[a-z]+:\]/.test(pattern)) return { ok: false, message: 'POSIX classes ([:alpha:]) are PCRE syntax Wharf cannot preview; use a range such as [a-z]' };
  const escape = PCRE_ONLY_ESCAPES.exec(pattern);
  if (escape) return { ok: false, message: `${escape[1]} is PCRE syntax Wharf cannot preview` };
  try {
    return { ok: true, regex: new RegExp(utf8Bytes(pattern)) };
  } catch (e) {
    const why = (e as Error).message.replace(/^Invalid regular expression: /, '');
    return { ok: false, message: `not a regular expression (${why})${/group/i.test(why) ? '; inline options such as (?i) and atomic groups are PCRE syntax Wharf cannot preview' : ''}` };
  }
}

export function policyPatternMatches(regex: RegExp, name: string): boolean {
  return regex.test(utf8Bytes(name));
}

/** A policy's name is a management API path segment; RabbitMQ itself allows any string. */
export const policyParamsSchema = objectParamsSchema.extend({ name: z.string().min(1).max(255) });

const patternSchema = z
  .string()
  .min(1, 'a pattern is required (use .* to match every name)')
  .max(1024)
  .superRefine((p, ctx) => {
    const compiled = compilePolicyPattern(p);
    if (!compiled.ok) ctx.addIssue({ code: 'custom', message: compiled.message });
  });

/** Keys and values as RabbitMQ takes them: a JSON object, each key a policy setting ("max-length": 1000). */
export const policyDefinitionSchema = z
  .record(z.string().min(1).max(255), z.unknown(), { error: 'must be a JSON object of settings, such as {"max-length": 1000}' })
  .refine((d) => Object.keys(d).length > 0, 'must hold at least one setting');
export type PolicyDefinition = z.infer<typeof policyDefinitionSchema>;

export const policyBodySchema = z.object({
  pattern: patternSchema,
  applyTo: applyToSchema.default('all'),
  // RabbitMQ takes any integer; a negative one only ever loses, so it is refused as a likely mistake.
  priority: z.number({ error: 'must be a whole number, 0 or more' }).int('must be a whole number, 0 or more').min(0, 'must be 0 or more').max(2_147_483_647),
  definition: policyDefinitionSchema,
  /** Editing a policy that exists repeats its name (the form asks for it after the preview). */
  confirm: z.string().max(255).optional(),
});
export type PolicyBody = z.input<typeof policyBodySchema>;

export const policyPreviewBodySchema = z.discriminatedUnion('action', [policyBodySchema.omit({ confirm: true }).extend({ action: z.literal('put') }), z.object({ action: z.literal('delete') })]);
export type PolicyPreviewBody = z.input<typeof policyPreviewBodySchema>;

export const deletePolicyQuerySchema = z.object({ confirm: z.string().max(255) });

export const policyListQuerySchema = z.object({ vhost: z.string().min(1).max(255).optional() });

export const policySchema = z.object({
  vhost: z.string(),
  name: z.string(),
  pattern: z.string(),
  applyTo: z.string(),
  priority: z.number(),
  definition: z.record(z.string(), z.unknown()),
  /** Queues and exchanges it is in effect on now, as the broker reports them; null when that could not be read. */
  effectiveOn: z.number().nullable(),
});
export type Policy = z.infer<typeof policySchema>;

export const policyListResponseSchema = z.object({
  kind: policyKindSchema,
  policies: z.array(policySchema),
  /** What apply-to accepts on this broker (the queue types since 3.12); all of them when the version is unknown. */
  applyTo: z.array(applyToSchema),
  version: z.string().nullable(),
});
export type PolicyList = z.infer<typeof policyListResponseSchema>;

const effectSideSchema = z.object({
  policy: z.string().nullable(),
  operatorPolicy: z.string().nullable(),
  definition: z.record(z.string(), z.unknown()),
});
export type PolicyEffectSide = z.infer<typeof effectSideSchema>;

export const policyObjectChangeSchema = z.object({
  kind: z.enum(['queue', 'exchange']),
  name: z.string(),
  /** classic, quorum, stream for queues; the exchange type for exchanges. */
  type: z.string().nullable(),
  before: effectSideSchema,
  after: effectSideSchema,
  /** Policies of equal priority both match: RabbitMQ picks one by its storage order, which Wharf cannot see. */
  tie: z.array(z.string()),
});
export type PolicyObjectChange = z.infer<typeof policyObjectChangeSchema>;

export const policyPreviewSchema = z.object({
  kind: policyKindSchema,
  vhost: z.string(),
  name: z.string(),
  action: z.enum(['create', 'update', 'delete']),
  /** Queues and exchanges the pattern, apply-to and definition select (the policy as proposed, or as it is for a delete). */
  matched: z.number(),
  /** Of those, how many it would be the policy in effect on (the highest priority among the matching ones). */
  effectiveOn: z.number(),
  queues: z.number(),
  exchanges: z.number(),
  /** Only the objects whose policy, operator policy or effective definition changes. */
  changes: z.array(policyObjectChangeSchema),
  version: z.string().nullable(),
});
export type PolicyPreview = z.infer<typeof policyPreviewSchema>;

export const policyMutationResponseSchema = z.object({ ok: z.literal(true), action: z.enum(['create', 'update', 'delete']) });
export type PolicyMutationResponse = z.infer<typeof policyMutationResponseSchema>;
