import avro from 'avsc';
import { errorText, type Codec } from './codec';
import { toJsonLike } from './json-like';

/** Avro longs as BigInt (the avsc-documented LongType override): avsc's default refuses longs past 2^53. */
const bigLong = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(n);
    return buf;
  },
  fromJSON: (v: unknown) => BigInt(v as string),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) => typeof n === 'bigint' && n >= -(2n ** 63n) && n < 2n ** 63n,
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
});

/**
 * A JSON-like value (as toJsonLike makes them, or as a person types it) turned into what avsc encodes: base64 strings
 * for bytes and fixed become Buffers, integral numbers or decimal strings for longs become BigInt, and a union takes
 * the first branch the value fits. Anything else is passed on for avsc to judge.
 */
function fromJsonLike(type: avro.Type, v: unknown): unknown {
  if (type instanceof avro.types.RecordType) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const src = v as Record<string, unknown>;
    const out: Record<string, unknown> = { ...src };
    for (const f of type.fields) if (Object.hasOwn(src, f.name)) out[f.name] = fromJsonLike(f.type, src[f.name]);
    return out;
  }
  if (type instanceof avro.types.ArrayType) return Array.isArray(v) ? v.map((x) => fromJsonLike(type.itemsType, x)) : v;
  if (type instanceof avro.types.MapType) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromJsonLike(type.valuesType as avro.Type, x)]));
  }
  if (type instanceof avro.types.UnwrappedUnionType) {
    for (const branch of type.types) {
      const candidate = fromJsonLike(branch, v);
      if (branch.isValid(candidate)) return candidate;
    }
    return v;
  }
  if (type instanceof avro.types.WrappedUnionType) {
    if (v === null) return null;
    if (typeof v !== 'object' || Array.isArray(v)) return v;
    const [name, inner] = Object.entries(v)[0] ?? [];
    const branch = type.types.find((t) => t.branchName === name);
    return branch && name !== undefined ? { [name]: fromJsonLike(branch, inner) } : v;
  }
  if (type instanceof avro.types.BytesType || type instanceof avro.types.FixedType) return typeof v === 'string' ? Buffer.from(v, 'base64') : v;
  if (type === bigLong) {
    if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
    if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  }
  return v;
}

export function avroCodec(schemaText: string): Codec {
  const type = avro.Type.forSchema(JSON.parse(schemaText) as avro.Schema, { registry: { long: bigLong } });
  const problems = (value: unknown): string[] => {
    const out: string[] = [];
    type.isValid(fromJsonLike(type, value), {
      noUndeclaredFields: true,
      errorHook: (path, val, t) => {
        const at = path.length ? path.join('.') : '(value)';
        if (t instanceof avro.types.RecordType && val !== null && typeof val === 'object' && !Array.isArray(val)) {
          const undeclared = Object.keys(val).filter((k) => !t.fields.some((f) => f.name === k));
          if (undeclared.length) return out.push(`${at}: ${undeclared.join(', ')} not in ${t.name ?? 'the record'}`);
        }
        out.push(`${at}: ${JSON.stringify(toJsonLike(val)) ?? 'undefined'} is not a valid ${t.typeName.replace(/^abstract:/, '')}`);
      },
    });
    return out;
  };
  return {
    format: 'avro',
    name: type.name ?? null,
    decode(payload) {
      // fromBuffer throws on bytes left over or missing, so a value written with another schema rarely passes.
      return toJsonLike(type.fromBuffer(payload));
    },
    encode(value) {
      const errors = problems(value);
      if (errors.length) throw new Error(`does not match the Avro schema: ${errors.join('; ')}`);
      try {
        return type.toBuffer(fromJsonLike(type, value));
      } catch (e) {
        throw new Error(`could not encode as Avro: ${errorText(e)}`);
      }
    },
    validate: problems,
  };
}
