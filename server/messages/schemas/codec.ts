export const SCHEMA_FORMATS = ['avro', 'protobuf', 'json-schema'] as const;
export type SchemaFormat = (typeof SCHEMA_FORMATS)[number];

/**
 * One compiled schema. Values in and out are JSON-like (see json-like.ts); payloads are the encoded value without any
 * wire-format header. decode and encode throw an Error whose message says what did not fit.
 */
export interface Codec {
  readonly format: SchemaFormat;
  /** The record, message or schema title the values are of, when the schema names one. */
  readonly name: string | null;
  /** Protobuf only: the configured message type's index path in its file, for the Confluent header. */
  readonly messageIndexes?: readonly number[];
  /** `messageIndexes`: the path read from a Confluent header (Protobuf); absent for unframed payloads. */
  decode(payload: Buffer, messageIndexes?: readonly number[]): unknown;
  encode(value: unknown): Buffer;
  /** Why the value does not fit the schema, one line a problem; empty when it fits. */
  validate(value: unknown): string[];
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
