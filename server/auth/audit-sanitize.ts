import 'server-only';
import { wellFormed } from '../http/text';

/** Keys whose values never reach the audit log: secrets, and message payloads (which may hold personal data). */
const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|credential|api[-_]?key|private/i;
const PAYLOAD_KEYS = new Set(['value', 'payload', 'key', 'headers', 'body', 'message', 'messages', 'properties', 'data', 'content']);
/** The password of a URI's userinfo (amqp://user:secret@host, a shovel's or upstream's URI): kept out of the log wherever it appears. */
const URI_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:@/?#\s]*):[^@\s]*@/gi;
const MAX_DEPTH = 4;
const MAX_STRING = 200;
const MAX_ITEMS = 20;

export const REDACTED = '[redacted]';
export const OMITTED = '[payload omitted]';

/** PostgreSQL text and jsonb cannot hold NUL characters: they are shown as U+FFFD instead. */
export function stripNul(s: string): string {
  return s.includes('\u0000') ? s.replaceAll('\u0000', '\uFFFD') : s;
}

/**
 * Text PostgreSQL can store: NUL (refused by text and jsonb) and lone UTF-16 surrogates (jsonb refuses the `\ud800`
 * escape JSON.stringify writes for them: "invalid input syntax for type json") become U+FFFD.
 */
export function storable(s: string): string {
  return wellFormed(stripNul(s));
}

/** A JSON value with every key and string made storable (iteratively: an entry may hold anything a request sent). */
export function storableJson<T>(value: T): T {
  const root: unknown[] = [undefined];
  type Slot = { from: unknown; into: unknown[] | Record<string, unknown>; key: string | number };
  const stack: Slot[] = [{ from: value, into: root, key: 0 }];
  const put = (s: Slot, v: unknown) => ((s.into as Record<string | number, unknown>)[s.key] = v);
  while (stack.length) {
    const slot = stack.pop()!;
    const { from } = slot;
    if (Array.isArray(from)) {
      const arr: unknown[] = new Array(from.length);
      from.forEach((child, i) => stack.push({ from: child, into: arr, key: i }));
      put(slot, arr);
    } else if (from !== null && typeof from === 'object') {
      // No prototype: a "__proto__" key stays a key.
      const obj = Object.create(null) as Record<string, unknown>;
      // Pushed last to first, so keys are filled in their order.
      const entries = Object.entries(from);
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ from: entries[i][1], into: obj, key: storable(entries[i][0]) });
      put(slot, obj);
    } else put(slot, typeof from === 'string' ? storable(from) : from);
  }
  return root[0] as T;
}

/** A copy of request parameters that is safe to keep: secrets redacted, payload fields omitted, sizes bounded. */
export function sanitizeParams(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  // Cut first, then clean: a cut can split a surrogate pair.
  if (typeof value === 'string') {
    // Masked before the cut: a cut inside the userinfo would leave the password's start unmatched.
    const masked = value.replace(URI_PASSWORD, `$1:${REDACTED}@`);
    return storable(masked.length > MAX_STRING ? `${masked.slice(0, MAX_STRING)}…` : masked);
  }
  if (depth >= MAX_DEPTH) return '[nested]';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => sanitizeParams(v, depth + 1));
    return value.length > MAX_ITEMS ? [...items, `…${value.length - MAX_ITEMS} more`] : items;
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [rawKey, v] of Object.entries(value)) {
      const k = storable(rawKey);
      if (SECRET_KEY.test(k)) out[k] = REDACTED;
      else if (PAYLOAD_KEYS.has(k.toLowerCase())) out[k] = OMITTED;
      else out[k] = sanitizeParams(v, depth + 1);
    }
    return out;
  }
  return storable(String(value));
}

/** Query string as a record (repeated keys become arrays), then sanitized. */
export function queryParams(url: URL): Record<string, unknown> {
  const q: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    q[key] = all.length > 1 ? all : all[0];
  }
  return sanitizeParams(q) as Record<string, unknown>;
}

/** Numbers worth keeping from a response: top-level counts ({ purged: 12 }) and list sizes ({ messages: [..] } -> 3). */
export function countsFrom(body: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (Array.isArray(body)) {
    out.items = body.length;
    return out;
  }
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
    else if (Array.isArray(v)) out[k] = v.length;
  }
  return out;
}
