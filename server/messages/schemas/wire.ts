/**
 * Confluent's wire format (the framing Confluent's serializers and most registry-aware clients write): a magic byte 0,
 * the schema id as a big-endian int32, for Protobuf the message-index path of the message type in its file, then
 * the encoded value. The path is an array of zigzag varints with its length first; the one-byte array [0] (length
 * zero) stands for the path [0], the first message of the file.
 */
export const MAGIC_BYTE = 0;
const HEADER_BYTES = 5;

export type Framed = { schemaId: number; payload: Buffer };

/** The schema id and what follows it, or null when the bytes cannot be Confluent-framed. */
export function unframe(bytes: Buffer): Framed | null {
  if (bytes.length < HEADER_BYTES || bytes[0] !== MAGIC_BYTE) return null;
  return { schemaId: bytes.readInt32BE(1), payload: bytes.subarray(HEADER_BYTES) };
}

export function frame(schemaId: number, payload: Buffer, messageIndexes?: readonly number[]): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header[0] = MAGIC_BYTE;
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat(messageIndexes ? [header, encodeMessageIndexes(messageIndexes), payload] : [header, payload]);
}

function zigzagVarint(n: number): number[] {
  let z = n >= 0 ? n * 2 : -n * 2 - 1;
  const out: number[] = [];
  while (z >= 0x80) {
    out.push((z % 0x80) | 0x80);
    z = Math.floor(z / 0x80);
  }
  out.push(z);
  return out;
}

export function encodeMessageIndexes(indexes: readonly number[]): Buffer {
  if (indexes.length === 1 && indexes[0] === 0) return Buffer.from([0]);
  return Buffer.from([...zigzagVarint(indexes.length), ...indexes.flatMap(zigzagVarint)]);
}

/** Reads the message-index path at the start of a Protobuf payload; throws on a truncated or absurd path. */
export function decodeMessageIndexes(payload: Buffer): { indexes: number[]; rest: Buffer } {
  let pos = 0;
  const next = (): number => {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 5; i++) {
      if (pos >= payload.length) throw new Error('truncated message-index array');
      const b = payload[pos++];
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
      scale *= 0x80;
    }
    throw new Error('message index varint too long');
  };
  const count = next();
  if (count < 0 || count > 100) throw new Error(`invalid message-index array length ${count}`);
  if (count === 0) return { indexes: [0], rest: payload.subarray(pos) };
  const indexes: number[] = [];
  for (let i = 0; i < count; i++) {
    const n = next();
    if (n < 0) throw new Error(`invalid message index ${n}`);
    indexes.push(n);
  }
  return { indexes, rest: payload.subarray(pos) };
}
