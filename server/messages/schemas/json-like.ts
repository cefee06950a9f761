/**
 * What a decoded Avro or Protobuf value becomes for display, CEL and masking: plain JSON values. Bytes become base64
 * strings; 64-bit integers become numbers when they are safe integers (|n| <= 2^53 - 1) and decimal strings when not,
 * so no digit is lost; Maps become objects; class instances (avsc records) become plain objects.
 */
export function toJsonLike(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'bigint':
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
    case 'number':
      // JSON has no NaN or Infinity: as strings, the way Avro's and Protobuf's JSON encodings write them.
      return Number.isFinite(value) ? value : String(value);
    case 'string':
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value)) return value.map(toJsonLike);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), toJsonLike(v)]));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = toJsonLike(v);
  return out;
}
