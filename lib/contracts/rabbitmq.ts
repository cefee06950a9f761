import { z } from 'zod';
import { connectionIdParamsSchema } from './connections';

/** Counts and rates are null when the broker cannot tell yet (unknown is not zero). */
const nullableNumber = z.number().nullable();

/** Free-form AMQP tables (queue/exchange/binding arguments). */
export const amqpArgumentsSchema = z.record(z.string(), z.unknown());

export const vhostParamsSchema = connectionIdParamsSchema.extend({ vhost: z.string().min(1).max(255) });
export const objectParamsSchema = vhostParamsSchema.extend({ name: z.string().max(255) });

export const messageRatesSchema = z.object({
  publish: nullableNumber,
  deliver: nullableNumber,
  ack: nullableNumber,
  redeliver: nullableNumber,
  unroutable: nullableNumber,
});

export const rabbitNodeSchema = z.object({
  name: z.string(),
  version: z.string().nullable(),
  running: z.boolean().nullable(),
  memoryAlarm: z.boolean().nullable(),
  diskAlarm: z.boolean().nullable(),
  memoryUsed: nullableNumber,
  memoryLimit: nullableNumber,
  diskFree: nullableNumber,
  diskFreeLimit: nullableNumber,
  uptimeMs: nullableNumber,
});

export const rabbitOverviewSchema = z.object({
  clusterName: z.string().nullable(),
  version: z.string().nullable(),
  erlangVersion: z.string().nullable(),
  nodes: z.array(rabbitNodeSchema),
  totals: z.object({ connections: nullableNumber, channels: nullableNumber, exchanges: nullableNumber, queues: nullableNumber, consumers: nullableNumber }),
  queued: z.object({ ready: nullableNumber, unacked: nullableNumber, total: nullableNumber }),
  rates: messageRatesSchema,
});
export type RabbitOverview = z.infer<typeof rabbitOverviewSchema>;

export const vhostSchema = z.object({ name: z.string(), description: z.string().nullable(), messages: nullableNumber, ready: nullableNumber, unacked: nullableNumber });
export const vhostListResponseSchema = z.object({ vhosts: z.array(vhostSchema) });
export type Vhost = z.infer<typeof vhostSchema>;

export const exchangeTypeSchema = z.enum(['direct', 'fanout', 'topic', 'headers', 'x-consistent-hash', 'x-delayed-message']);

export const exchangeSchema = z.object({
  vhost: z.string(),
  /** "" is the default exchange. */
  name: z.string(),
  type: z.string(),
  durable: z.boolean(),
  autoDelete: z.boolean(),
  internal: z.boolean(),
  arguments: amqpArgumentsSchema,
  publishInRate: nullableNumber,
  publishOutRate: nullableNumber,
});
export type Exchange = z.infer<typeof exchangeSchema>;

export const exchangeListQuerySchema = z.object({ vhost: z.string().max(255).optional() });
export const exchangeListResponseSchema = z.object({ exchanges: z.array(exchangeSchema) });

export const bindingSchema = z.object({
  vhost: z.string(),
  source: z.string(),
  destination: z.string(),
  destinationType: z.enum(['queue', 'exchange']),
  routingKey: z.string(),
  arguments: amqpArgumentsSchema,
  /** The management API's identifier of the binding, needed to delete it. */
  propertiesKey: z.string(),
});
export type Binding = z.infer<typeof bindingSchema>;
export const bindingListQuerySchema = z.object({ vhost: z.string().max(255).optional() });
export const bindingListResponseSchema = z.object({ bindings: z.array(bindingSchema) });

export const exchangeDetailSchema = z.object({
  exchange: exchangeSchema,
  /** Bindings where this exchange is the source. */
  outgoing: z.array(bindingSchema),
  /** Exchange-to-exchange bindings where this exchange is the destination. */
  incoming: z.array(bindingSchema),
});
export type ExchangeDetail = z.infer<typeof exchangeDetailSchema>;

export const queueTypeSchema = z.enum(['classic', 'quorum', 'stream']);
export type QueueType = z.infer<typeof queueTypeSchema>;

export const queueSchema = z.object({
  vhost: z.string(),
  name: z.string(),
  type: z.string().nullable(),
  state: z.string().nullable(),
  durable: z.boolean().nullable(),
  autoDelete: z.boolean().nullable(),
  exclusive: z.boolean().nullable(),
  ready: nullableNumber,
  unacked: nullableNumber,
  total: nullableNumber,
  consumers: nullableNumber,
  consumerUtilisation: nullableNumber,
  publishRate: nullableNumber,
  deliverRate: nullableNumber,
  ackRate: nullableNumber,
  node: z.string().nullable(),
  policy: z.string().nullable(),
  arguments: amqpArgumentsSchema,
  deadLetterExchange: z.string().nullable(),
  deadLetterRoutingKey: z.string().nullable(),
  messageTtl: nullableNumber,
  maxLength: nullableNumber,
  deliveryLimit: nullableNumber,
  /** Ready messages and no consumer to take them; null when either figure is unknown. */
  unconsumed: z.boolean().nullable(),
});
export type Queue = z.infer<typeof queueSchema>;

/** Sort keys offered to clients; mapped to management API sort fields on the server. */
export const queueSortSchema = z.enum(['name', 'vhost', 'type', 'state', 'ready', 'unacked', 'total', 'consumers', 'consumerUtilisation', 'publishRate', 'deliverRate', 'ackRate', 'node']);
export type QueueSort = z.infer<typeof queueSortSchema>;

export const MAX_NAME_PATTERN = 200;

export const queueListQuerySchema = z.object({
  vhost: z.string().max(255).optional(),
  search: z.string().max(MAX_NAME_PATTERN).optional(),
  regex: z.enum(['true', 'false']).optional(),
  sort: queueSortSchema.default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type QueueListQuery = z.input<typeof queueListQuerySchema>;

export const queueListResponseSchema = z.object({
  queues: z.array(queueSchema),
  page: z.number(),
  pageSize: z.number(),
  pageCount: z.number(),
  /** Queues matching the search. */
  filteredCount: z.number(),
  /** Queues in the vhost (or all vhosts). */
  totalCount: z.number(),
});
export type QueueList = z.infer<typeof queueListResponseSchema>;

export const consumerSchema = z.object({
  tag: z.string(),
  ackRequired: z.boolean().nullable(),
  prefetch: nullableNumber,
  active: z.boolean().nullable(),
  exclusive: z.boolean().nullable(),
  /** "up", or with single-active-consumer "single_active" / "waiting" (RabbitMQ 3.8+); null on releases without it. */
  activityStatus: z.string().nullable(),
  arguments: amqpArgumentsSchema,
  channel: z.string().nullable(),
  connection: z.string().nullable(),
});
export type Consumer = z.infer<typeof consumerSchema>;

/**
 * What reading a queue (get and requeue) costs its messages: a quorum queue dead-letters a message returned more
 * often than its delivery limit, and which returns count depends on the RabbitMQ release (server/rabbitmq/delivery-limit.ts).
 */
export const deliveryRuleSchema = z.object({
  queueType: z.string().nullable(),
  brokerVersion: z.string().nullable(),
  /** The effective delivery limit; null: none. With limitSource "unknown" it is an upper bound, or null when none is known. */
  limit: nullableNumber,
  limitSource: z.enum(['argument', 'policy', 'default', 'none', 'unknown']),
  /** Whether the requeue a read makes counts toward the limit (quorum queues before RabbitMQ 4.3). */
  requeueCounts: z.boolean(),
  /** A read could use up a message's last requeue: it needs confirmDeliveryLimit. */
  confirmNeeded: z.boolean(),
  /** This connection is read-only and a read could use up deliveries: it is refused, confirmed or not. */
  readOnlyRefused: z.boolean(),
  /** The rule in one or two sentences, naming the release and where the limit comes from. */
  summary: z.string(),
});
export type DeliveryRule = z.infer<typeof deliveryRuleSchema>;

/** The head messages as Wharf's last read of this queue left them (only while nothing else took messages since). */
export const lastReadSchema = z.object({
  at: z.iso.datetime(),
  messages: z.array(
    z.object({
      /** 1 is the head of the queue. */
      position: z.number().int(),
      /** x-delivery-count the message will be delivered with next. */
      deliveryCount: z.number(),
      /** Counted returns it survives: 0 = the next requeue or failed delivery dead-letters it. */
      deliveriesLeft: nullableNumber,
    }),
  ),
});
export type LastRead = z.infer<typeof lastReadSchema>;

export const readCostSchema = deliveryRuleSchema.extend({ lastRead: lastReadSchema.nullable() });
export type ReadCost = z.infer<typeof readCostSchema>;

export const queueDetailSchema = z.object({
  queue: queueSchema,
  bindings: z.array(bindingSchema),
  consumers: z.array(consumerSchema),
  members: z.array(z.string()).nullable(),
  memory: nullableNumber,
  /** What a get-and-requeue of this queue would cost its messages. */
  readCost: readCostSchema,
});
export type QueueDetail = z.infer<typeof queueDetailSchema>;

const positiveInt = z.number().int().min(0).max(2 ** 31 - 1);

export const createExchangeBodySchema = z.object({
  vhost: z.string().min(1).max(255),
  name: z.string().min(1).max(255),
  type: z.string().min(1).max(64).default('direct'),
  durable: z.boolean().default(true),
  autoDelete: z.boolean().default(false),
  internal: z.boolean().default(false),
  arguments: amqpArgumentsSchema.default({}),
});
export type CreateExchangeBody = z.input<typeof createExchangeBodySchema>;

export const createQueueBodySchema = z.object({
  vhost: z.string().min(1).max(255),
  name: z.string().min(1).max(255),
  type: queueTypeSchema.default('classic'),
  durable: z.boolean().default(true),
  autoDelete: z.boolean().default(false),
  deadLetterExchange: z.string().max(255).optional(),
  deadLetterRoutingKey: z.string().max(255).optional(),
  messageTtl: positiveInt.optional(),
  maxLength: positiveInt.optional(),
  deliveryLimit: positiveInt.optional(),
  /** Any other x-arguments, passed as they are; the broker's reason is returned when it refuses them. */
  arguments: amqpArgumentsSchema.default({}),
});
export type CreateQueueBody = z.input<typeof createQueueBodySchema>;

export const createBindingBodySchema = z.object({
  vhost: z.string().min(1).max(255),
  source: z.string().min(1).max(255),
  destination: z.string().min(1).max(255),
  destinationType: z.enum(['queue', 'exchange']),
  routingKey: z.string().max(255).default(''),
  arguments: amqpArgumentsSchema.default({}),
});
export type CreateBindingBody = z.input<typeof createBindingBodySchema>;

export const deleteBindingBodySchema = z.object({
  vhost: z.string().min(1).max(255),
  source: z.string().min(1).max(255),
  destination: z.string().min(1).max(255),
  destinationType: z.enum(['queue', 'exchange']),
  propertiesKey: z.string().max(1024),
});
export type DeleteBindingBody = z.input<typeof deleteBindingBodySchema>;

/** Delete and purge repeat the target's name: a typo or stale page cannot hit the wrong object. */
export const confirmNameQuerySchema = z.object({ confirm: z.string().max(255) });

export const okResponseSchema = z.object({ ok: z.literal(true) });
export const purgeResponseSchema = z.object({ purged: z.number().int() });
