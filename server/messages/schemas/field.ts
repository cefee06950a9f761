import 'server-only';
import type { FieldSchemaInfo, KafkaField } from '@/lib/contracts/kafka-messages';
import type { DecodeMode } from '@/lib/contracts/messages';
import { decodeField, filterValue, PREVIEW_BYTES } from '../decode';
import { errorText, type Codec } from './codec';
import type { Side, TopicSchemas } from './source';
import { decodeMessageIndexes, frame, unframe } from './wire';

export type SchemaDecoded = { ok: true; value: unknown; info: FieldSchemaInfo } | { ok: false; error: string };

const info = (codec: Codec, id: number | null): FieldSchemaInfo => ({ format: codec.format, id, name: codec.name });

function decodeFramed(codec: Codec, payload: Buffer): unknown {
  if (codec.format !== 'protobuf') return codec.decode(payload);
  const { indexes, rest } = decodeMessageIndexes(payload);
  return codec.decode(rest, indexes);
}

/**
 * A key or value decoded with its topic's schemas, trying the topic's detection methods in order; null when no schema
 * applies (the side has none and the bytes carry no header with a known id), so the bytes are shown as they are.
 */
export function decodeWithSchemas(bytes: Buffer, sideName: Side, t: TopicSchemas): SchemaDecoded | null {
  const own = t[sideName];
  const errors: string[] = [];
  for (const method of t.detect) {
    if (method === 'confluent') {
      const framed = unframe(bytes);
      if (!framed) {
        if (own) errors.push('no Confluent header (magic byte 0 and a schema id)');
        continue;
      }
      let codec = t.source.byId(framed.schemaId);
      // An entry without an id stands for whatever id its writers' registry gave it.
      if (codec === null && own && own.ref.id === undefined) codec = own.codec();
      if (codec === null) {
        // A side without a schema of its own is often plain binary that happens to start with a zero byte.
        if (own) errors.push(`schema id ${framed.schemaId} is not configured on this connection`);
        continue;
      }
      if (codec instanceof Error) {
        errors.push(codec.message);
        continue;
      }
      try {
        return { ok: true, value: decodeFramed(codec, framed.payload), info: info(codec, framed.schemaId) };
      } catch (e) {
        errors.push(`not ${codec.format} of schema id ${framed.schemaId}: ${errorText(e)}`);
      }
    } else if (own) {
      const codec = own.codec();
      if (codec instanceof Error) {
        errors.push(codec.message);
        continue;
      }
      try {
        return { ok: true, value: codec.decode(bytes), info: info(codec, null) };
      } catch (e) {
        errors.push(`not ${codec.format}${codec.name ? ` ${codec.name}` : ''} without a header: ${errorText(e)}`);
      }
    }
  }
  return errors.length ? { ok: false, error: errors.join('; ') } : null;
}

const SCHEMA_MODES: ReadonlySet<DecodeMode> = new Set(['auto', 'json']);

/** decodeField, with the topic's schemas when the mode is auto or json (text, hex and base64 show the bytes). */
export function decodeKafkaField(bytes: Buffer | null, mode: DecodeMode, previewBytes: number = PREVIEW_BYTES, sideName: Side, t: TopicSchemas | null | undefined): KafkaField {
  if (!t || bytes === null || !SCHEMA_MODES.has(mode)) return decodeField(bytes, mode, previewBytes);
  const decoded = decodeWithSchemas(bytes, sideName, t);
  if (decoded === null) return decodeField(bytes, mode, previewBytes);
  if (!decoded.ok) return { ...decodeField(bytes, 'hex', previewBytes), schemaError: decoded.error };
  const json = JSON.stringify(decoded.value, null, 2);
  const truncated = bytes.length > previewBytes || json.length > previewBytes;
  return {
    encoding: 'json',
    display: truncated ? json.slice(0, previewBytes) : json,
    base64: truncated ? null : bytes.toString('base64'),
    size: bytes.length,
    truncated,
    schema: decoded.info,
  };
}

/** What a CEL filter sees of a key or value: the decoded value, base64 when its schema did not fit. */
export function schemaFilterValue(bytes: Buffer | null, sideName: Side, t: TopicSchemas | null | undefined): unknown {
  if (!t || bytes === null) return filterValue(bytes);
  const decoded = decodeWithSchemas(bytes, sideName, t);
  if (decoded === null) return filterValue(bytes);
  return decoded.ok ? decoded.value : bytes.toString('base64');
}

/** The side's schema codec, or an Error saying why there is none. */
export function sideCodec(sideName: Side, t: TopicSchemas | null | undefined): Codec | Error {
  const own = t?.[sideName];
  if (!own) return new Error(`no ${sideName} schema is configured for this topic`);
  return own.codec();
}

/** JSON text encoded with the side's schema, with the Confluent header when the schema has an id. */
export function encodeWithSchema(json: string, sideName: Side, t: TopicSchemas | null | undefined): Buffer {
  const codec = sideCodec(sideName, t);
  if (codec instanceof Error) throw codec;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    throw new Error(`not valid JSON (${errorText(e)})`);
  }
  const payload = codec.encode(value);
  const id = t?.[sideName]?.ref.id;
  if (id === undefined) return payload;
  return frame(id, payload, codec.format === 'protobuf' ? codec.messageIndexes : undefined);
}

/** Why JSON text does not fit the side's schema; empty when it does. */
export function checkWithSchema(json: string, sideName: Side, t: TopicSchemas | null | undefined): string[] {
  const codec = sideCodec(sideName, t);
  if (codec instanceof Error) return [codec.message];
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    return [`not valid JSON (${errorText(e)})`];
  }
  return codec.validate(value);
}
