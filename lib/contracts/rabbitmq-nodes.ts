import { z } from 'zod';

/** Unknown is null, not zero: a user without the monitoring tag, or a release that does not report the figure. */
const nullableNumber = z.number().nullable();

/** Used against a limit: file descriptors, sockets, Erlang processes. */
const usageSchema = z.object({ used: nullableNumber, total: nullableNumber });

export const nodeHealthSchema = z.object({
  name: z.string(),
  /** "disc" or "ram". */
  type: z.string().nullable(),
  running: z.boolean().nullable(),
  uptimeMs: nullableNumber,
  /** The rabbit application's version on this node (nodes of a cluster being upgraded differ). */
  version: z.string().nullable(),
  memory: z.object({
    used: nullableNumber,
    /** The high watermark: at or above it the node blocks publishers (memory alarm). */
    limit: nullableNumber,
    alarm: z.boolean().nullable(),
    /** How the node measures its memory: rss, allocated, legacy. */
    strategy: z.string().nullable(),
  }),
  disk: z.object({
    free: nullableNumber,
    /** At or below this free space the node blocks publishers (disk alarm). */
    limit: nullableNumber,
    alarm: z.boolean().nullable(),
  }),
  fileDescriptors: usageSchema,
  sockets: usageSchema,
  processes: usageSchema,
  /** Erlang processes waiting to run: a long run queue is a CPU-starved node. */
  runQueue: nullableNumber,
  processors: nullableNumber,
  /** Nodes this node cannot see (a network partition); empty when all is well. */
  partitions: z.array(z.string()),
  plugins: z.array(z.string()),
  netTicktimeSeconds: nullableNumber,
});
export type NodeHealth = z.infer<typeof nodeHealthSchema>;

export const healthCheckSchema = z.object({
  id: z.string(),
  label: z.string(),
  /** What a failure means, for people. */
  description: z.string(),
  /** The management API path that ran it (GET /api/health/checks/...). */
  path: z.string(),
  /** The whole cluster, or only the node that answered the management API. */
  scope: z.enum(['cluster', 'node']),
  /** Null when this broker does not serve the check (an older release) or the user may not run it. */
  passed: z.boolean().nullable(),
  /** The broker's reason: why it failed, or a remark when it passed ("single node cluster"). */
  reason: z.string().nullable(),
});
export type HealthCheck = z.infer<typeof healthCheckSchema>;

export const featureFlagSchema = z.object({
  name: z.string(),
  description: z.string().nullable(),
  /** enabled, disabled, state_changing, unavailable. */
  state: z.string(),
  /** stable, experimental, required. */
  stability: z.string().nullable(),
  providedBy: z.string().nullable(),
  docUrl: z.string().nullable(),
});
export type FeatureFlag = z.infer<typeof featureFlagSchema>;

export const deprecatedFeatureSchema = z.object({
  name: z.string(),
  description: z.string().nullable(),
  /** permitted_by_default, denied_by_default, disconnected, removed. */
  phase: z.string(),
  providedBy: z.string().nullable(),
  docUrl: z.string().nullable(),
});
export type DeprecatedFeature = z.infer<typeof deprecatedFeatureSchema>;

export const nodesReportSchema = z.object({
  version: z.string().nullable(),
  /** The node that answered the management API: node-scoped checks ran there. */
  checkedBy: z.string().nullable(),
  /** Empty when the configured user lacks the monitoring tag (see `notes`). */
  nodes: z.array(nodeHealthSchema),
  checks: z.array(healthCheckSchema),
  /** Null when the broker would not list them to this user. */
  featureFlags: z.array(featureFlagSchema).nullable(),
  /** Deprecated features in use (RabbitMQ 3.13+); null when the broker cannot tell (see `notes`). */
  deprecatedFeaturesInUse: z.array(deprecatedFeatureSchema).nullable(),
  /** Why a part is missing, in words: a tag the user lacks, a release that does not report it. */
  notes: z.array(z.string()),
});
export type NodesReport = z.infer<typeof nodesReportSchema>;
