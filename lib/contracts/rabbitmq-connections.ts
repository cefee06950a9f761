import { z } from 'zod';
import { connectionIdParamsSchema } from './connections';
import { consumerSchema, MAX_NAME_PATTERN } from './rabbitmq';

/** Unknown is null, not zero: the stats database has not emitted a figure for a new connection yet. */
const nullableNumber = z.number().nullable();

/** A RabbitMQ connection's name is its peer and listener ("127.0.0.1:50864 -> 127.0.0.1:5672"). */
export const amqpConnectionParamsSchema = connectionIdParamsSchema.extend({ name: z.string().min(1).max(1024) });

/** The states the broker reports; others (a newer release's) pass through as they are. */
export const connectionStateSchema = z.string();

export const amqpConnectionSchema = z.object({
  /** The broker's name of the connection, which also addresses it (peer -> listener). */
  name: z.string(),
  /** The client-provided name (AMQP 0-9-1 `connection_name` client property). */
  clientName: z.string().nullable(),
  user: z.string().nullable(),
  vhost: z.string().nullable(),
  /** As the broker reports it: "AMQP 0-9-1", "AMQP 1-0", "MQTT 3.1.1", "STOMP 1.2"... */
  protocol: z.string().nullable(),
  /** "network" for clients over a socket, "direct" for in-node clients (shovels, federation, plugins). */
  type: z.string().nullable(),
  node: z.string().nullable(),
  peerHost: z.string().nullable(),
  peerPort: nullableNumber,
  tls: z.boolean().nullable(),
  tlsProtocol: z.string().nullable(),
  authMechanism: z.string().nullable(),
  /** running, flow, blocking, blocked (or closed while it goes). */
  state: connectionStateSchema.nullable(),
  /** Why the state is not "running", in words; null when running or unknown. */
  stateReason: z.string().nullable(),
  channels: nullableNumber,
  channelMax: nullableNumber,
  frameMax: nullableNumber,
  heartbeatSeconds: nullableNumber,
  connectedAt: z.iso.datetime().nullable(),
  /** Bytes per second. */
  recvRate: nullableNumber,
  sendRate: nullableNumber,
  clientProduct: z.string().nullable(),
  clientVersion: z.string().nullable(),
  clientPlatform: z.string().nullable(),
});
export type AmqpConnection = z.infer<typeof amqpConnectionSchema>;

export const connectionSortSchema = z.enum(['name', 'clientName', 'user', 'vhost', 'protocol', 'state', 'channels', 'tls', 'recvRate', 'sendRate', 'connectedAt']);
export type ConnectionSort = z.infer<typeof connectionSortSchema>;

export const connectionListQuerySchema = z.object({
  /** Matches the broker's connection name (peer and listener addresses), as the management UI's filter does. */
  search: z.string().max(MAX_NAME_PATTERN).optional(),
  regex: z.enum(['true', 'false']).optional(),
  sort: connectionSortSchema.default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export type ConnectionListQuery = z.input<typeof connectionListQuerySchema>;

export const connectionListResponseSchema = z.object({
  connections: z.array(amqpConnectionSchema),
  page: z.number(),
  pageSize: z.number(),
  pageCount: z.number(),
  filteredCount: z.number(),
  totalCount: z.number(),
});
export type ConnectionList = z.infer<typeof connectionListResponseSchema>;

export const amqpChannelSchema = z.object({
  /** "<connection name> (<number>)". */
  name: z.string(),
  number: nullableNumber,
  connection: z.string().nullable(),
  vhost: z.string().nullable(),
  user: z.string().nullable(),
  state: z.string().nullable(),
  /** Per-consumer prefetch (basic.qos global=false); 0 is unlimited. */
  prefetch: nullableNumber,
  /** Per-channel prefetch (basic.qos global=true); 0 is unlimited. */
  globalPrefetch: nullableNumber,
  unacked: nullableNumber,
  unconfirmed: nullableNumber,
  uncommitted: nullableNumber,
  consumers: nullableNumber,
  /** Publisher confirms, transactions, or neither (both cannot be on one channel). */
  mode: z.enum(['confirm', 'tx', 'none']).nullable(),
  idleSince: z.string().nullable(),
  publishRate: nullableNumber,
  deliverRate: nullableNumber,
  ackRate: nullableNumber,
});
export type AmqpChannel = z.infer<typeof amqpChannelSchema>;

export const connectionDetailSchema = z.object({ connection: amqpConnectionSchema, channels: z.array(amqpChannelSchema) });
export type ConnectionDetail = z.infer<typeof connectionDetailSchema>;

/** Closing repeats the connection's name, like deletes, and may say why: the client receives the reason. */
export const closeConnectionQuerySchema = z.object({ confirm: z.string().max(1024), reason: z.string().max(200).optional() });

export const closeConnectionResponseSchema = z.object({ ok: z.literal(true), reason: z.string() });

export const consumerListQuerySchema = z.object({ vhost: z.string().max(255).optional() });

export const consumerWithQueueSchema = consumerSchema.extend({ queue: z.object({ vhost: z.string(), name: z.string() }) });
export type ConsumerWithQueue = z.infer<typeof consumerWithQueueSchema>;
export const consumerListResponseSchema = z.object({ consumers: z.array(consumerWithQueueSchema) });
export type ConsumerList = z.infer<typeof consumerListResponseSchema>;

export const channelSortSchema = z.enum(['name', 'vhost', 'user', 'state', 'prefetch', 'unacked', 'unconfirmed', 'consumers', 'publishRate', 'deliverRate', 'ackRate']);
export type ChannelSort = z.infer<typeof channelSortSchema>;

export const channelListQuerySchema = z.object({
  /** Matches the channel's name, which starts with its connection's name. */
  search: z.string().max(MAX_NAME_PATTERN).optional(),
  regex: z.enum(['true', 'false']).optional(),
  sort: channelSortSchema.default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export type ChannelListQuery = z.input<typeof channelListQuerySchema>;

export const channelListResponseSchema = z.object({
  channels: z.array(amqpChannelSchema),
  page: z.number(),
  pageSize: z.number(),
  pageCount: z.number(),
  filteredCount: z.number(),
  totalCount: z.number(),
});
export type ChannelList = z.infer<typeof channelListResponseSchema>;
