import { z } from 'zod';

export const metricsRangeSchema = z.enum(['5m', '1h', '24h', '7d']);
export type MetricsRange = z.infer<typeof metricsRangeSchema>;

export const RANGE_MS: Record<MetricsRange, number> = { '5m': 300_000, '1h': 3_600_000, '24h': 86_400_000, '7d': 604_800_000 };
/** Bucket size per range, so a chart never gets more than ~1,500 points; 0 keeps raw samples. */
export const RANGE_STEP_MS: Record<MetricsRange, number> = { '5m': 0, '1h': 0, '24h': 60_000, '7d': 600_000 };

/** connection: the whole connection (entity id "*"); group: a consumer group; topic; queue (see queueEntityId). */
export const entityKindSchema = z.enum(['connection', 'group', 'topic', 'queue', 'node']);
export type EntityKind = z.infer<typeof entityKindSchema>;

/** A queue is named by vhost and name, each percent-encoded, so "/" in either stays unambiguous. */
export function queueEntityId(vhost: string, name: string): string {
  return `${encodeURIComponent(vhost)}/${encodeURIComponent(name)}`;
}

/** Per-partition lag of a group is stored as metric `lag:<topic>:<partition>` (topic names cannot hold ":"). */
export function partitionLagMetric(topic: string, partition: number): string {
  return `lag:${topic}:${partition}`;
}

export function parsePartitionLagMetric(metric: string): { topic: string; partition: number } | null {
  if (!metric.startsWith('lag:')) return null;
  const at = metric.lastIndexOf(':');
  const partition = Number(metric.slice(at + 1));
  if (at <= 3 || !Number.isInteger(partition)) return null;
  return { topic: metric.slice(4, at), partition };
}

export const metricsQuerySchema = z.object({
  kind: entityKindSchema,
  entity: z.string().min(1).max(2000),
  range: metricsRangeSchema.default('1h'),
  /** Only metrics whose name starts with this (e.g. "lag:" for per-partition lag). */
  prefix: z.string().max(300).optional(),
});

export const historyPointSchema = z.object({ ts: z.number(), value: z.number() });
export const historySeriesSchema = z.object({ metric: z.string(), points: z.array(historyPointSchema) });
export type HistorySeries = z.infer<typeof historySeriesSchema>;

export const metricsHistorySchema = z.object({
  kind: entityKindSchema,
  entity: z.string(),
  range: metricsRangeSchema,
  stepMs: z.number(),
  from: z.number(),
  to: z.number(),
  series: z.array(historySeriesSchema),
});
export type MetricsHistory = z.infer<typeof metricsHistorySchema>;

export const streamQuerySchema = z.object({
  kind: entityKindSchema.optional(),
  entity: z.string().min(1).max(2000).optional(),
});

/** One sampler tick as sent over server-sent events (event name "tick"); null values are unknown. */
export const liveTickSchema = z.object({
  connection: z.string(),
  ts: z.number(),
  durationMs: z.number(),
  brokerRequests: z.number(),
  error: z.string().nullable(),
  entities: z.array(
    z.object({
      kind: entityKindSchema,
      id: z.string(),
      metrics: z.record(z.string(), z.number().nullable()),
    }),
  ),
});
export type LiveTick = z.infer<typeof liveTickSchema>;

export const samplerStatusSchema = z.object({
  connection: z.string(),
  running: z.boolean(),
  /** single: one Wharf process; leader: this replica reads the broker for all; follower: it mirrors the leader's ticks. */
  role: z.enum(['single', 'leader', 'follower']),
  /** The replica answering, so a caller behind a load balancer can tell which one it reached. */
  replica: z.string(),
  intervalMs: z.number(),
  ticks: z.number(),
  lastTickAt: z.string().nullable(),
  lastDurationMs: z.number().nullable(),
  lastBrokerRequests: z.number().nullable(),
  totalBrokerRequests: z.number(),
  subscribers: z.number(),
  lastError: z.string().nullable(),
});
export type SamplerStatus = z.infer<typeof samplerStatusSchema>;
