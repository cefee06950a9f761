import { z } from 'zod';

export const connectionKindSchema = z.enum(['kafka', 'rabbitmq']);
export type ConnectionKind = z.infer<typeof connectionKindSchema>;

export const connectionIdParamsSchema = z.object({
  id: z.string().min(1).max(63).regex(/^[a-z0-9][a-z0-9-]*$/, 'connection id must be lowercase letters, digits and dashes'),
});

/** What a connection can do; the UI asks these instead of checking the kind. */
export const capabilitiesSchema = z.object({
  topics: z.boolean(),
  consumerGroups: z.boolean(),
  queues: z.boolean(),
  exchanges: z.boolean(),
  /** May change data: publish, produce, purge, move, replay, reset offsets (operator, not read-only). */
  mutations: z.boolean(),
  /** May create and delete topics, queues, exchanges, bindings, groups and edit topic definitions (admin, not read-only). */
  administration: z.boolean(),
  /** May read message contents (reader). */
  messageContents: z.boolean(),
  /** May start jobs that read from this connection: replay, drain (operator; a read-only connection can be a source). */
  jobs: z.boolean(),
});
export type Capabilities = z.infer<typeof capabilitiesSchema>;

export const connectionStatusSchema = z.object({
  /** degraded: the broker answers, but part of it does not (e.g. RabbitMQ's AMQP port while its management API answers). */
  state: z.enum(['up', 'degraded', 'down']),
  /** Why it is down or degraded, in words a user can act on. Null when up. */
  reason: z.string().nullable(),
  checkedAt: z.string().datetime(),
  latencyMs: z.number().nullable(),
});
export type ConnectionStatus = z.infer<typeof connectionStatusSchema>;

/** Counts are null when the broker could not tell (unknown is not zero). */
export const kafkaCountsSchema = z.object({
  kind: z.literal('kafka'),
  brokers: z.number().nullable(),
  topics: z.number().nullable(),
  partitions: z.number().nullable(),
  consumerGroups: z.number().nullable(),
});

export const rabbitmqCountsSchema = z.object({
  kind: z.literal('rabbitmq'),
  vhosts: z.number().nullable(),
  exchanges: z.number().nullable(),
  queues: z.number().nullable(),
  messagesReady: z.number().nullable(),
  messagesUnacked: z.number().nullable(),
});

export const connectionCountsSchema = z.discriminatedUnion('kind', [kafkaCountsSchema, rabbitmqCountsSchema]);
export type ConnectionCounts = z.infer<typeof connectionCountsSchema>;

export const connectionSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: connectionKindSchema,
  /** Where it points, without credentials (bootstrap brokers or the management URL). */
  target: z.string(),
  readOnly: z.boolean(),
  capabilities: capabilitiesSchema,
  status: connectionStatusSchema,
  version: z.string().nullable(),
  counts: connectionCountsSchema.nullable(),
});
export type ConnectionSummary = z.infer<typeof connectionSummarySchema>;

export const connectionListSchema = z.object({ connections: z.array(connectionSummarySchema) });
export type ConnectionList = z.infer<typeof connectionListSchema>;

export const healthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  uptimeSeconds: z.number(),
  connections: z.number(),
});
export type Health = z.infer<typeof healthSchema>;

/** Readiness for a load balancer: this replica can serve (its store answers), and which replica it is. */
export const readinessSchema = z.object({
  status: z.literal('ready'),
  replica: z.string(),
  store: z.enum(['pglite', 'postgres']),
});
export type Readiness = z.infer<typeof readinessSchema>;
