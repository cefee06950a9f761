/*
 * Kafka wire primitives written by hand, independent of any client library: the expected bytes of Wharf's own
 * request definitions, and answers to decode, are spelled out with these.
 */

export const bytes = (...parts: (Buffer | number[])[]) => Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p))));

/** Unsigned varint (protobuf style): compact lengths, tag counts. */
export function uvarint(n: number): Buffer {
  const out: number[] = [];
  let v = n >>> 0;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return Buffer.from(out);
}

export const i16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
};
export const i32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
export const i64 = (n: bigint | number) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(n));
  return b;
};

/** COMPACT_STRING: length + 1 as an unsigned varint, then UTF-8. */
export const cstr = (s: string) => {
  const body = Buffer.from(s, 'utf8');
  return bytes(uvarint(body.length + 1), body);
};
/** COMPACT_NULLABLE_STRING: 0 for null. */
export const nullableCstr = (s: string | null) => (s === null ? uvarint(0) : cstr(s));

export const uuid = (u: string) => Buffer.from(u.replace(/-/g, ''), 'hex');

/** TAG_BUFFER: count, then per field its tag, size and bytes. */
export const tags = (...fields: [tag: number, data: Buffer][]) => bytes(uvarint(fields.length), ...fields.flatMap(([tag, data]) => [uvarint(tag), uvarint(data.length), data]));
