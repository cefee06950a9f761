import 'server-only';
import { z } from 'zod';

const n = z.number().optional();

/** GET /api/nodes: the fields Wharf shows (3.8 through 4.x report them all; a user without monitoring gets 401). */
export const mgmtNodeSchema = z.object({
  name: z.string(),
  type: z.string().optional(),
  running: z.boolean().optional(),
  uptime: n,
  mem_used: n,
  mem_limit: n,
  mem_alarm: z.boolean().optional(),
  mem_calculation_strategy: z.string().optional(),
  disk_free: n,
  disk_free_limit: n,
  disk_free_alarm: z.boolean().optional(),
  fd_used: n,
  fd_total: n,
  sockets_used: n,
  sockets_total: n,
  proc_used: n,
  proc_total: n,
  run_queue: n,
  processors: n,
  net_ticktime: n,
  partitions: z.array(z.string()).optional(),
  enabled_plugins: z.array(z.string()).optional(),
  applications: z.array(z.object({ name: z.string(), version: z.string() })).optional(),
});
export type MgmtNode = z.infer<typeof mgmtNodeSchema>;
export const mgmtNodeListSchema = z.array(mgmtNodeSchema);

/**
 * 200 {"status":"ok"} or 503 {"status":"failed","reason":...}; some add the port or protocol they checked, the alarm
 * checks which alarms are on ([{"node":"rabbit@a","resource":"disk space"}], recorded from 3.10.8).
 */
export const mgmtHealthCheckSchema = z.object({
  status: z.string(),
  reason: z.string().optional(),
  alarms: z.array(z.object({ node: z.string(), resource: z.string() })).optional(),
});

/** GET /api/feature-flags (3.8+). */
export const mgmtFeatureFlagListSchema = z.array(
  z.object({
    name: z.string(),
    desc: z.string().optional(),
    doc_url: z.string().optional(),
    state: z.string(),
    stability: z.string().optional(),
    provided_by: z.string().optional(),
  }),
);
export type MgmtFeatureFlag = z.infer<typeof mgmtFeatureFlagListSchema>[number];

/**
 * GET /api/deprecated-features/used (3.13+): the deprecated features this cluster uses now. The fields are those of
 * the RabbitMQ team's HTTP API client (rabbitmq-http-api-rs, `DeprecatedFeature`); this machine's 3.10.8 answers 404.
 */
export const mgmtDeprecatedFeatureListSchema = z.array(
  z.object({
    name: z.string(),
    desc: z.string().optional(),
    deprecation_phase: z.string(),
    doc_url: z.string().optional(),
    provided_by: z.string().optional(),
  }),
);
export type MgmtDeprecatedFeature = z.infer<typeof mgmtDeprecatedFeatureListSchema>[number];

/** GET /api/overview, only what the node report needs. */
export const mgmtNodeOverviewSchema = z.object({
  rabbitmq_version: z.string().optional(),
  node: z.string().optional(),
  listeners: z.array(z.object({ node: z.string(), protocol: z.string(), port: z.number() })).optional(),
});
