import 'server-only';
import type { HeaderValue } from '@/lib/contracts/rabbitmq-messages';
import { BadRequestError } from '../http/errors';

/** What amqplib decodes a field-table value into. Timestamps and decimals come as { '!': type, value }. */
type AmqpValue = unknown;

/** JSON header values -> values amqplib encodes: { $bytes } becomes a byte array ('x'), the rest maps directly. */
export function toAmqpValue(v: HeaderValue, path: string): AmqpValue {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x, i) => toAmqpValue(x, `${path}[${i}]`));
  if ('$bytes' in v && typeof v.$bytes === 'string') return Buffer.from(v.$bytes, 'base64');
  // amqplib reads an own "!" key as a type annotation; a user header must not be able to trigger that.
  if (Object.hasOwn(v, '!')) throw new BadRequestError(`Invalid header ${path}: a table key may not be "!"`);
  const out: Record<string, AmqpValue> = {};
  for (const [k, x] of Object.entries(v)) out[k] = toAmqpValue(x as HeaderValue, `${path}.${k}`);
  return out;
}

export function toAmqpTable(headers: Record<string, HeaderValue>): Record<string, AmqpValue> {
  const out: Record<string, AmqpValue> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (Buffer.byteLength(k) > 255) throw new BadRequestError(`Invalid header "${k.slice(0, 40)}…": names are at most 255 bytes`);
    out[k] = toAmqpValue(v, k);
  }
  return out;
}

/** amqplib's decoded values -> JSON: byte arrays as { $bytes }, timestamps as seconds, decimals as a string. */
export function fromAmqpValue(v: AmqpValue): HeaderValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return Number(v);
  if (Buffer.isBuffer(v)) return { $bytes: v.toString('base64') };
  if (Array.isArray(v)) return v.map(fromAmqpValue);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Object.hasOwn(o, '!') && 'value' in o) {
      if (o['!'] === 'timestamp' && typeof o.value === 'number') return o.value;
      if (o['!'] === 'decimal' && o.value && typeof o.value === 'object') {
        const { places, digits } = o.value as { places: number; digits: number };
        return (digits / 10 ** places).toString();
      }
      return fromAmqpValue(o.value);
    }
    const out: Record<string, HeaderValue> = {};
    for (const [k, x] of Object.entries(o)) out[k] = fromAmqpValue(x);
    return out;
  }
  return String(v);
}

export function fromAmqpTable(table: Record<string, unknown> | undefined): Record<string, HeaderValue> {
  const out: Record<string, HeaderValue> = {};
  for (const [k, v] of Object.entries(table ?? {})) out[k] = fromAmqpValue(v);
  return out;
}

/** Header values as CEL sees them: strings; nested values as JSON. */
export function headersForFilter(headers: Record<string, HeaderValue>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === null) continue;
    out[k] = typeof v === 'string' ? v : typeof v === 'object' && !Array.isArray(v) && '$bytes' in v ? String(v.$bytes) : JSON.stringify(v);
  }
  return out;
}
