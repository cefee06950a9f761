import { z } from 'zod';
import { decodedFieldSchema, decodeModeSchema } from './messages';

export const kafkaHeaderSchema = z.object({ key: z.string(), value: decodedFieldSchema });

export const SCHEMA_FORMATS = ['avro', 'protobuf', 'json-schema'] as const;
export type SchemaFormat = (typeof SCHEMA_FORMATS)[number];
/** How a key or value is matched to a schema: by the Confluent header's schema id, or as bytes in the topic's schema. */
export const SCHEMA_DETECTION = ['confluent', 'local'] as const;

/** The schema a key or value was decoded with. */
export const fieldSchemaInfo = z.object({
  format: z.enum(SCHEMA_FORMATS),
  /** The Confluent header's schema id; null for bytes without the header. */
  id: z.number().int().nullable(),
  /** The Avro record, Protobuf message or JSON Schema title, when the schema names one. */
  name: z.string().nullable(),
});
export type FieldSchemaInfo = z.infer<typeof fieldSchemaInfo>;

/**
 * A key or value: decoded with its topic's schema, `schema` says which, `encoding` is json and `display` the decoded
 * value as JSON; `base64` stays the exact bytes. One its schema did not fit is binary, and `schemaError` says why.
 */
export const kafkaFieldSchema = decodedFieldSchema.extend({
  schema: fieldSchemaInfo.optional(),
  schemaError: z.string().optional(),
});
export type KafkaField = z.infer<typeof kafkaFieldSchema>;

export const kafkaMessageSchema = z.object({
  partition: z.number().int(),
  offset: z.number().int(),
  /** Epoch milliseconds. */
  timestamp: z.number(),
  /** create: set by the producer; log-append: set by the broker. Null for old message formats. */
  timestampType: z.enum(['create', 'log-append']).nullable(),
  key: kafkaFieldSchema,
  value: kafkaFieldSchema,
  headers: z.array(kafkaHeaderSchema),
  /** Bytes of key, value and headers (before compression). */
  size: z.number().int(),
  /** True when the connection's masking rules hid fields or headers from the caller (roles below operator). */
  masked: z.boolean().optional(),
  /**
   * Only in isolation=read_uncommitted reads: committed (or outside any transaction), aborted (its transaction was
   * aborted: read-committed consumers never see it), open (its transaction is not decided yet); null when Wharf
   * could not tell. Absent in read-committed reads, which show committed records only.
   */
  transaction: z.enum(['committed', 'aborted', 'open']).nullable().optional(),
});
export type KafkaMessage = z.infer<typeof kafkaMessageSchema>;

const partitionList = z
  .string()
  .regex(/^\d{1,6}(,\d{1,6})*$/, 'partitions must be a comma-separated list of numbers')
  .transform((s) => [...new Set(s.split(',').map(Number))]);

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const MAX_BROWSE_LIMIT = 1000;

/** Where a read starts: the oldest message, the last N, an offset, or the first message at or after a time. */
export const startModeSchema = z.enum(['earliest', 'latest', 'offset', 'timestamp']);
export type StartMode = z.infer<typeof startModeSchema>;

export const isolationSchema = z.enum(['read_committed', 'read_uncommitted']);
export type Isolation = z.infer<typeof isolationSchema>;

const startFields = {
  /** Comma-separated partition numbers; all partitions when absent. */
  partitions: partitionList.optional(),
  from: startModeSchema.default('latest'),
  offset: int(0, Number.MAX_SAFE_INTEGER).optional(),
  /** Epoch milliseconds, for from=timestamp. */
  timestamp: int(0, Number.MAX_SAFE_INTEGER).optional(),
  /** Continues a previous read: the `older` or `newer` cursor it returned. Overrides from/offset/timestamp. */
  cursor: z.string().max(100_000).optional(),
  keyMode: decodeModeSchema.default('auto'),
  valueMode: decodeModeSchema.default('auto'),
  /**
   * read_committed (default): what a read-committed consumer sees, up to the last stable offset, without aborted
   * transactions or transaction markers. read_uncommitted: everything up to the high watermark, each message flagged
   * with its transaction's state.
   */
  isolation: isolationSchema.default('read_committed'),
};

export const browseQuerySchema = z.object({
  ...startFields,
  limit: int(1, MAX_BROWSE_LIMIT).default(100),
  /** Order of the returned page; reading always starts at the anchor chosen by `from`. */
  order: z.enum(['asc', 'desc']).default('desc'),
  /** "full": no truncation of large values (use with limit=1 to fetch one message whole). */
  preview: z.enum(['truncated', 'full']).default('truncated'),
});
export type BrowseQuery = z.output<typeof browseQuerySchema>;

export const partitionWindowSchema = z.object({
  partition: z.number().int(),
  low: z.number().int(),
  /** Where reading ends: the last stable offset when reading committed, else the high watermark. */
  high: z.number().int(),
  /** The high watermark; above `high` when an open transaction holds back read-committed readers. */
  highWatermark: z.number().int(),
});

export const browseResultSchema = z.object({
  messages: z.array(kafkaMessageSchema),
  /** Read messages before these (null: every partition is at its start). */
  older: z.string().nullable(),
  /** Read messages after these (always set: new messages may arrive). */
  newer: z.string(),
  partitions: z.array(partitionWindowSchema),
});
export type BrowseResult = z.infer<typeof browseResultSchema>;

export const streamQuerySchema = z.object({
  ...startFields,
  /** scan: read from the start up to the end as it was when the scan began; tail: follow new messages. */
  mode: z.enum(['scan', 'tail']).default('scan'),
  /** CEL over key, value, headers, partition, offset, timestamp, size. */
  filter: z.string().max(2000).optional(),
  maxScanned: int(1, 50_000_000).default(1_000_000),
  maxMatches: int(1, 10_000).default(500),
  timeLimitMs: int(100, 600_000).default(60_000),
});
export type StreamQuery = z.output<typeof streamQuerySchema>;

export const scanProgressSchema = z.object({
  scanned: z.number().int(),
  matched: z.number().int(),
  elapsedMs: z.number().int(),
  /** Per partition: next offset to read and where the scan stops (null when tailing). */
  positions: z.array(z.object({ partition: z.number().int(), next: z.number().int(), end: z.number().int().nullable() })),
  /** Pass as `cursor` to continue the scan or tail after the last message seen. */
  cursor: z.string(),
});
export type ScanProgress = z.infer<typeof scanProgressSchema>;

export const scanDoneSchema = scanProgressSchema.extend({
  reason: z.enum(['end', 'max-scanned', 'max-matches', 'time-limit', 'cancelled']),
});
export type ScanDone = z.infer<typeof scanDoneSchema>;

/** The server-sent events of /messages/stream: `messages` (array), `progress`, `done`, `error`. */
export const streamEventSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('messages'), data: z.array(kafkaMessageSchema) }),
  z.object({ event: z.literal('progress'), data: scanProgressSchema }),
  z.object({ event: z.literal('done'), data: scanDoneSchema }),
  z.object({ event: z.literal('error'), data: z.object({ code: z.string(), message: z.string() }) }),
]);

const bytesOptions = [
  z.object({ encoding: z.literal('null') }),
  z.object({ encoding: z.literal('text'), data: z.string() }),
  z.object({ encoding: z.literal('json'), data: z.string() }),
  z.object({ encoding: z.literal('base64'), data: z.string() }),
] as const;
const bytesInput = z.discriminatedUnion('encoding', [...bytesOptions]);
/**
 * A key or value may also be JSON text to encode with the topic's configured schema (Avro, Protobuf, JSON Schema),
 * with the Confluent header when the schema has an id.
 */
const fieldInput = z.discriminatedUnion('encoding', [...bytesOptions, z.object({ encoding: z.literal('schema'), data: z.string() })]);
export type BytesInput = z.infer<typeof bytesInput>;
export type FieldInput = z.infer<typeof fieldInput>;

export const produceBodySchema = z.object({
  key: fieldInput.default({ encoding: 'null' }),
  value: fieldInput,
  headers: z.array(z.object({ key: z.string().min(1).max(1000), value: bytesInput })).max(500).default([]),
  /** null: the default partitioner picks (by key hash, or spread when the key is null). */
  partition: z.number().int().min(0).nullable().default(null),
  /** Epoch milliseconds; null: the producer's clock. */
  timestamp: z.number().int().min(0).nullable().default(null),
});
export type ProduceBody = z.input<typeof produceBodySchema>;

export const produceResultSchema = z.object({ partition: z.number().int(), offset: z.number().int() });
export type ProduceResult = z.infer<typeof produceResultSchema>;

/** What the produce form checks as it is typed: the topic's schemas, and a value checked against one. */
export const topicSchemaSideSchema = z.object({ format: z.enum(SCHEMA_FORMATS), id: z.number().int().nullable(), name: z.string().nullable() });
export const topicSchemasResultSchema = z.object({ key: topicSchemaSideSchema.nullable(), value: topicSchemaSideSchema.nullable() });
export type TopicSchemasResult = z.infer<typeof topicSchemasResultSchema>;
/** A GET: checking changes nothing. Longer text is checked when it is produced (a URL holds this much). */
export const SCHEMA_CHECK_MAX_CHARS = 16_384;
export const schemaCheckQuerySchema = z.object({ side: z.enum(['key', 'value']), data: z.string().max(SCHEMA_CHECK_MAX_CHARS) });
export const schemaCheckResultSchema = z.object({ errors: z.array(z.string()) });
export type SchemaCheckResult = z.infer<typeof schemaCheckResultSchema>;
