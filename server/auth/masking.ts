import 'server-only';
import { roleAtLeast, type Role } from '@/lib/contracts/auth';
import type { DecodedField } from '@/lib/contracts/messages';
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
  const rules = rulesFor(ctx.resource, ctx.rules);
  if (rules.length === 0) return message;
  const paths = rules.flatMap((r) => r.fields);
  const headerNames = new Set(rules.flatMap((r) => r.headers.map((h) => h.toLowerCase())));
  let masked = false;
  const out: M & { masked?: boolean } = { ...message };
  if (paths.length && message.value) {
    const v = maskValue(message.value, paths);
    if (v !== message.value) {
      out.value = v;
      masked = true;
    }
  }
  if (headerNames.size && message.headers) {
    const headers: Record<string, DecodedField | string | null> = {};
    for (const [name, v] of Object.entries(message.headers)) {
      if (headerNames.has(name.toLowerCase()) && v !== null) {
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
