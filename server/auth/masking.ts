import 'server-only';
import { roleAtLeast, type Role } from '@/lib/contracts/auth';
import type { KafkaMessage } from '@/lib/contracts/kafka-messages';
import type { DecodedField } from '@/lib/contracts/messages';
import type { HeaderValue, InspectedMessage } from '@/lib/contracts/rabbitmq-messages';
import type { MaskingRule } from '../config/schema';

export const MASK = '***';

/** A message as the Kafka and RabbitMQ routes send it: a decoded value and headers (decoded or plain). */
export type MaskableMessage = {
  value?: DecodedField | null;
  headers?: Record<string, DecodedField | string | null> | null;
};

export type MaskContext = {
  /** Topic or queue name the rules' `resource` regex is matched against. */
  resource: string;
  /** The caller's role on the connection: operators and admins see everything. */
  role: Role | null;
  /** The connection's `masking` rules from the config. */
  rules: readonly MaskingRule[];
};

/** The rules that apply to a topic or queue. Patterns come from the config file (trusted, compiled once per call). */
export function rulesFor(resource: string, rules: readonly MaskingRule[]): MaskingRule[] {
  return rules.filter((r) => new RegExp(r.resource).test(resource));
}

/** What the rules of one topic or queue hide: JSON paths in values, and header names (lower case). */
export type MaskPlan = { paths: string[]; headers: Set<string> };

/** The plan for a topic or queue; null when no rule names it. */
export function maskPlan(resource: string, rules: readonly MaskingRule[]): MaskPlan | null {
  const matching = rulesFor(resource, rules);
  if (matching.length === 0) return null;
  return { paths: matching.flatMap((r) => r.fields), headers: new Set(matching.flatMap((r) => r.headers.map((h) => h.toLowerCase()))) };
}

/**
 * Replaces the values at dotted paths ("card.number", "items.*.email"; "*" is any key or index) with "***".
 * Returns a copy; the input is not changed.
 */
export function maskJsonPaths(value: unknown, paths: readonly string[]): { value: unknown; changed: boolean } {
  let changed = false;
  const walk = (node: unknown, parts: string[]): unknown => {
    if (parts.length === 0 || node === null || typeof node !== 'object') return node;
    const [head, ...rest] = parts;
    const copy: Record<string, unknown> | unknown[] = Array.isArray(node) ? [...node] : { ...(node as Record<string, unknown>) };
    const keys = head === '*' ? Object.keys(copy) : Object.hasOwn(copy, head) ? [head] : [];
    for (const k of keys) {
      const rec = copy as Record<string, unknown>;
      if (rest.length === 0) {
        rec[k] = MASK;
        changed = true;
      } else {
        rec[k] = walk(rec[k], rest);
      }
    }
    return copy;
  };
  let out = value;
  for (const p of paths) out = walk(out, p.split('.').filter(Boolean));
  return { value: out, changed };
}

const maskedField = (field: DecodedField): DecodedField => ({ ...field, encoding: 'text', display: MASK, base64: null, truncated: false });

function maskValue(field: DecodedField, paths: readonly string[]): DecodedField {
  if (field.encoding === 'null' || field.display === null) return field;
  if (field.encoding !== 'json' || field.truncated) return maskedField(field);
  let parsed: unknown;
  try {
    parsed = JSON.parse(field.display);
  } catch {
    // Fail closed: a value the rules cannot look into is hidden whole.
    return maskedField(field);
  }
  const { value, changed } = maskJsonPaths(parsed, paths);
  // The raw bytes would carry the hidden fields, so they never leave with a masked value.
  return changed ? { ...field, display: JSON.stringify(value, null, 2), base64: null } : field;
}

/**
 * Hides the fields and headers that the connection's masking rules name, for callers below operator. Call it on
 * every message before it leaves the server (browse, tail, search results, exports). Returns a copy with
 * `masked: true` when anything was hidden; operators and admins get the message unchanged.
 */
export function maskMessageFields<M extends MaskableMessage>(message: M, ctx: MaskContext): M & { masked?: boolean } {
  if (roleAtLeast(ctx.role, 'operator')) return message;
  const plan = maskPlan(ctx.resource, ctx.rules);
  if (!plan) return message;
  let masked = false;
  const out: M & { masked?: boolean } = { ...message };
  if (plan.paths.length && message.value) {
    const v = maskValue(message.value, plan.paths);
    if (v !== message.value) {
      out.value = v;
      masked = true;
    }
  }
  if (plan.headers.size && message.headers) {
    const headers: Record<string, DecodedField | string | null> = {};
    for (const [name, v] of Object.entries(message.headers)) {
      if (plan.headers.has(name.toLowerCase()) && v !== null) {
        headers[name] = typeof v === 'string' ? MASK : maskedField(v);
        masked = true;
      } else {
        headers[name] = v;
      }
    }
    out.headers = headers;
  }
  if (masked) out.masked = true;
  return out;
}

/** maskMessageFields for a Kafka message as the routes send it (headers are a list; a name may repeat). */
export function maskKafkaMessage(m: KafkaMessage, plan: MaskPlan | null): KafkaMessage {
  if (!plan) return m;
  const value = plan.paths.length ? maskValue(m.value, plan.paths) : m.value;
  let masked = value !== m.value;
  const headers = m.headers.map((h) => {
    if (!plan.headers.has(h.key.toLowerCase()) || h.value.encoding === 'null') return h;
    masked = true;
    return { key: h.key, value: maskedField(h.value) };
  });
  return masked ? { ...m, value, headers, masked } : m;
}

/** maskMessageFields for a RabbitMQ message read from a queue or stream (header values are AMQP table values). */
export function maskInspectedMessage(m: InspectedMessage, plan: MaskPlan | null): InspectedMessage {
  if (!plan) return m;
  const payload = plan.paths.length ? maskValue(m.payload, plan.paths) : m.payload;
  let masked = payload !== m.payload;
  const headers: Record<string, HeaderValue> = {};
  for (const [name, v] of Object.entries(m.headers)) {
    const hide = v !== null && plan.headers.has(name.toLowerCase());
    headers[name] = hide ? MASK : v;
    masked ||= hide;
  }
  return masked ? { ...m, payload, headers, masked } : m;
}

/**
 * The same hiding for what a CEL filter sees (server/kafka/messages/to-message.ts filterContext): otherwise a filter
 * such as value.card.number.startsWith("41") would tell a hidden value one guess at a time.
 */
export function maskFilterContext(context: Record<string, unknown>, plan: MaskPlan | null): Record<string, unknown> {
  if (!plan) return context;
  const out = { ...context };
  if (plan.paths.length && context.value !== null && context.value !== undefined) {
    // As for display: a value the rules cannot look into (text, binary as base64) is hidden whole.
    out.value = typeof context.value === 'object' ? maskJsonPaths(context.value, plan.paths).value : MASK;
  }
  if (plan.headers.size && context.headers && typeof context.headers === 'object') {
    out.headers = Object.fromEntries(Object.entries(context.headers).map(([k, v]) => [k, plan.headers.has(k.toLowerCase()) ? MASK : v]));
  }
  return out;
}
