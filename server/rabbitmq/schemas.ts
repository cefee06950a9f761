import 'server-only';
import { z } from 'zod';

/**
 * Zod schemas for the management API answers Wharf reads. Only the fields Wharf uses; unknown fields are dropped.
 * Counts and rates are missing on idle objects (the stats DB has not emitted them yet), hence optional: unknown, not 0.
 */

const rate = z.object({ rate: z.number() }).optional();

export const messageStatsSchema = z
  .object({
    publish_details: rate,
    publish_in_details: rate,
    publish_out_details: rate,
    deliver_get_details: rate,
    deliver_details: rate,
    ack_details: rate,
    redeliver_details: rate,
    return_unroutable_details: rate,
    drop_unroutable_details: rate,
  })
  .optional();

/** Broker arguments are free-form tables: strings, numbers, booleans, nested tables and arrays. */
export const argumentsSchema = z.record(z.string(), z.unknown());

export const overviewSchema = z.object({
  rabbitmq_version: z.string().optional(),
  management_version: z.string().optional(),
  erlang_version: z.string().optional(),
  cluster_name: z.string().optional(),
  node: z.string().optional(),
  message_stats: messageStatsSchema,
  object_totals: z
    .object({
      connections: z.number().optional(),
      channels: z.number().optional(),
      exchanges: z.number().optional(),
      queues: z.number().optional(),
      consumers: z.number().optional(),
    })
    .optional(),
  queue_totals: z
    .object({
      messages: z.number().optional(),
      messages_ready: z.number().optional(),
      messages_unacknowledged: z.number().optional(),
    })
    .optional(),
});
export type Overview = z.infer<typeof overviewSchema>;

export const nodeListSchema = z.array(
  z.object({
    name: z.string(),
    running: z.boolean().optional(),
    mem_alarm: z.boolean().optional(),
    disk_free_alarm: z.boolean().optional(),
    mem_used: z.number().optional(),
    mem_limit: z.number().optional(),
    disk_free: z.number().optional(),
    disk_free_limit: z.number().optional(),
    uptime: z.number().optional(),
    applications: z.array(z.object({ name: z.string(), version: z.string() })).optional(),
  }),
);

export const vhostListSchema = z.array(z.object({ name: z.string() }));

export const vhostDetailListSchema = z.array(
  z.object({
    name: z.string(),
    description: z.string().optional(),
    tracing: z.boolean().optional(),
    messages: z.number().optional(),
    messages_ready: z.number().optional(),
    messages_unacknowledged: z.number().optional(),
  }),
);

export const mgmtExchangeSchema = z.object({
  name: z.string(),
  vhost: z.string(),
  type: z.string(),
  durable: z.boolean(),
  auto_delete: z.boolean(),
  internal: z.boolean(),
  arguments: argumentsSchema.optional(),
  message_stats: messageStatsSchema,
});
export const mgmtExchangeListSchema = z.array(mgmtExchangeSchema);
export type MgmtExchange = z.infer<typeof mgmtExchangeSchema>;

/** How a consumer names its channel; empty ([]) for consumers inside the node. */
const mgmtChannelRefSchema = z
  .union([z.object({ name: z.string().optional(), connection_name: z.string().optional(), peer_host: z.string().optional() }), z.array(z.unknown())])
  .optional();

export const mgmtQueueSchema = z.object({
  name: z.string(),
  vhost: z.string(),
  type: z.string().optional(),
  state: z.string().optional(),
  // Null on some queues (e.g. exclusive on queues whose owner is gone), absent when columns leave them out.
  durable: z.boolean().nullable().optional(),
  auto_delete: z.boolean().nullable().optional(),
  exclusive: z.boolean().nullable().optional(),
  policy: z.string().nullable().optional(),
  operator_policy: z.string().nullable().optional(),
  /**
   * The policy and operator policy merged by the broker. Absent until the queue's stats are first emitted (seconds
   * after it is declared): then it is unknown, not empty. Empty is {} (or [] on old releases).
   */
  effective_policy_definition: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).nullable().optional(),
  node: z.string().optional(),
  leader: z.string().optional(),
  members: z.array(z.string()).optional(),
  arguments: argumentsSchema.optional(),
  messages: z.number().optional(),
  messages_ready: z.number().optional(),
  messages_unacknowledged: z.number().optional(),
  consumers: z.number().optional(),
  consumer_utilisation: z.number().nullable().optional(),
  memory: z.number().optional(),
  idle_since: z.string().optional(),
  message_stats: messageStatsSchema,
  consumer_details: z
    .array(
      z.object({
        consumer_tag: z.string(),
        ack_required: z.boolean().optional(),
        prefetch_count: z.number().optional(),
        active: z.boolean().optional(),
        exclusive: z.boolean().optional(),
        activity_status: z.string().optional(),
        arguments: z.union([argumentsSchema, z.array(z.unknown())]).optional(),
        channel_details: mgmtChannelRefSchema,
      }),
    )
    .optional(),
});
export type MgmtQueue = z.infer<typeof mgmtQueueSchema>;

export const mgmtQueuePageSchema = z.object({
  filtered_count: z.number(),
  item_count: z.number(),
  page: z.number(),
  page_count: z.number(),
  page_size: z.number(),
  total_count: z.number(),
  items: z.array(mgmtQueueSchema),
});

export const mgmtBindingSchema = z.object({
  source: z.string(),
  vhost: z.string(),
  destination: z.string(),
  destination_type: z.enum(['queue', 'exchange']),
  routing_key: z.string(),
  arguments: argumentsSchema.optional(),
  properties_key: z.string(),
});
export const mgmtBindingListSchema = z.array(mgmtBindingSchema);
export type MgmtBinding = z.infer<typeof mgmtBindingSchema>;

/**
 * A queue with its message totals since the stats began: the ways a message leaves a queue for good (ack, no-ack
 * get, no-ack delivery), which a read's memo of the head checks (peek-memo.ts), and redeliveries.
 */
export const mgmtQueueWithTotalsSchema = mgmtQueueSchema.extend({
  message_stats: messageStatsSchema
    .unwrap()
    .extend({
      ack: z.number().optional(),
      get_no_ack: z.number().optional(),
      deliver_no_ack: z.number().optional(),
      deliver_get: z.number().optional(),
      redeliver: z.number().optional(),
    })
    .optional(),
});
export type MgmtQueueWithTotals = z.infer<typeof mgmtQueueWithTotalsSchema>;

const byteRate = z.object({ rate: z.number() }).optional();

/** GET /api/connections (paged) and /api/connections/{name}: fields Wharf shows; stats are absent until emitted. */
export const mgmtConnectionSchema = z.object({
  name: z.string(),
  user_provided_name: z.string().nullable().optional(),
  user: z.string().optional(),
  vhost: z.string().optional(),
  protocol: z.string().optional(),
  type: z.string().optional(),
  node: z.string().optional(),
  peer_host: z.string().nullable().optional(),
  peer_port: z.number().nullable().optional(),
  ssl: z.boolean().nullable().optional(),
  ssl_protocol: z.string().nullable().optional(),
  auth_mechanism: z.string().nullable().optional(),
  state: z.string().optional(),
  channels: z.number().optional(),
  channel_max: z.number().nullable().optional(),
  frame_max: z.number().nullable().optional(),
  timeout: z.number().nullable().optional(),
  connected_at: z.number().nullable().optional(),
  recv_oct_details: byteRate,
  send_oct_details: byteRate,
  // Free-form table sent by the client; only a few string entries are read. Direct connections send [].
  client_properties: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
});
export type MgmtConnection = z.infer<typeof mgmtConnectionSchema>;

export const mgmtConnectionPageSchema = z.object({
  filtered_count: z.number(),
  item_count: z.number(),
  page: z.number(),
  page_count: z.number(),
  page_size: z.number(),
  total_count: z.number(),
  items: z.array(mgmtConnectionSchema),
});

export const mgmtChannelSchema = z.object({
  name: z.string(),
  number: z.number().optional(),
  vhost: z.string().optional(),
  user: z.string().optional(),
  state: z.string().optional(),
  prefetch_count: z.number().optional(),
  global_prefetch_count: z.number().optional(),
  messages_unacknowledged: z.number().optional(),
  messages_unconfirmed: z.number().optional(),
  messages_uncommitted: z.number().optional(),
  consumer_count: z.number().optional(),
  confirm: z.boolean().optional(),
  transactional: z.boolean().optional(),
  idle_since: z.string().optional(),
  connection_details: z.union([z.object({ name: z.string().optional() }), z.array(z.unknown())]).optional(),
  message_stats: messageStatsSchema,
});
export const mgmtChannelListSchema = z.array(mgmtChannelSchema);
export const mgmtChannelPageSchema = z.object({
  filtered_count: z.number(),
  item_count: z.number(),
  page: z.number(),
  page_count: z.number(),
  page_size: z.number(),
  total_count: z.number(),
  items: mgmtChannelListSchema,
});
export type MgmtChannel = z.infer<typeof mgmtChannelSchema>;

/** GET /api/consumers[/{vhost}]: every consumer with its queue. */
export const mgmtConsumerSchema = z.object({
  consumer_tag: z.string(),
  ack_required: z.boolean().optional(),
  prefetch_count: z.number().optional(),
  active: z.boolean().optional(),
  activity_status: z.string().optional(),
  exclusive: z.boolean().optional(),
  arguments: z.union([argumentsSchema, z.array(z.unknown())]).optional(),
  channel_details: mgmtChannelRefSchema,
  queue: z.object({ name: z.string(), vhost: z.string() }),
});
export const mgmtConsumerListSchema = z.array(mgmtConsumerSchema);
export type MgmtConsumer = z.infer<typeof mgmtConsumerSchema>;

export const nodeAlarmListSchema = z.array(z.object({ name: z.string(), mem_alarm: z.boolean().optional(), disk_free_alarm: z.boolean().optional() }));
