import 'server-only';
import type { KafkaMessage } from '@/lib/contracts/kafka-messages';
import type { DecodeMode } from '@/lib/contracts/messages';
import { decodeField, filterHeaders, PREVIEW_BYTES } from '../../messages/decode';
import { decodeKafkaField, schemaFilterValue } from '../../messages/schemas/field';
import type { TopicSchemas } from '../../messages/schemas/source';

/** `schemas`: the topic's (topicSchemas(connection, topic)); absent or null: keys and values shown as their bytes. */
export type DecodeOptions = { keyMode: DecodeMode; valueMode: DecodeMode; previewBytes?: number; schemas?: TopicSchemas | null };

/** Header values by key: a key sent more than once has an array of its values, in order. */
export type RecordHeaders = Record<string, Buffer | Buffer[] | null>;
/** A record's bytes. */
export type RecordBody = { key: Buffer | null; value: Buffer | null; headers: RecordHeaders };

/** Where a record stands in its transaction; read uncommitted flags every record (null: Wharf could not tell). */
export type TxnState = NonNullable<KafkaMessage['transaction']>;

/** A record as read from a partition, before display decoding. `transaction` is set by read-uncommitted reads only. */
export type ReadRecord = {
  partition: number;
  offset: number;
  timestamp: number;
  timestampType: KafkaMessage['timestampType'];
  raw: RecordBody;
  transaction?: TxnState | null;
};

function headerEntries(raw: RecordBody): [string, Buffer | null][] {
  const out: [string, Buffer | null][] = [];
  for (const [k, v] of Object.entries(raw.headers ?? {})) {
    if (Array.isArray(v)) for (const one of v) out.push([k, one]);
    else out.push([k, v ?? null]);
  }
  return out;
}

export function recordSize(raw: RecordBody): number {
  let size = (raw.key?.length ?? 0) + (raw.value?.length ?? 0);
  for (const [k, v] of headerEntries(raw)) size += Buffer.byteLength(k) + (v?.length ?? 0);
  return size;
}

export function toMessage(r: ReadRecord, opts: DecodeOptions): KafkaMessage {
  const preview = opts.previewBytes ?? PREVIEW_BYTES;
  return {
    partition: r.partition,
    offset: r.offset,
    timestamp: r.timestamp,
    timestampType: r.timestampType,
    key: decodeKafkaField(r.raw.key, opts.keyMode, preview, 'key', opts.schemas),
    value: decodeKafkaField(r.raw.value, opts.valueMode, preview, 'value', opts.schemas),
    headers: headerEntries(r.raw).map(([key, v]) => ({ key, value: decodeField(v, 'auto', preview) })),
    size: recordSize(r.raw),
    ...(r.transaction !== undefined && { transaction: r.transaction }),
  };
}

/**
 * The variables a CEL filter sees for one record (ints as BigInt, as CEL's int is 64-bit); keys and values decoded
 * with the topic's schemas when given.
 */
export function filterContext(r: ReadRecord, schemas?: TopicSchemas | null): Record<string, unknown> {
  return {
    key: schemaFilterValue(r.raw.key, 'key', schemas),
    value: schemaFilterValue(r.raw.value, 'value', schemas),
    headers: filterHeaders(r.raw.headers as Record<string, Buffer | Buffer[] | null>),
    partition: BigInt(r.partition),
    offset: BigInt(r.offset),
    timestamp: BigInt(r.timestamp),
    size: BigInt(recordSize(r.raw)),
  };
}

/** Headers of a record that has none (old message formats, or a record without headers). */
export const NO_HEADERS: RecordHeaders = Object.freeze(Object.create(null) as RecordHeaders);

/** A record kept past its visit is its own body (`raw`): one object per record. */
export class FetchedRecord implements ReadRecord, RecordBody {
  constructor(
    readonly partition: number,
    readonly offset: number,
    readonly timestamp: number,
    readonly timestampType: KafkaMessage['timestampType'],
    readonly key: Buffer | null,
    readonly value: Buffer | null,
    readonly headers: RecordHeaders,
    readonly transaction: TxnState | null | undefined,
  ) {}

  get raw(): RecordBody {
    return this;
  }
}
