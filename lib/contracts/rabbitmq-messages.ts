import { z } from 'zod';
import { extentOf } from './limits';
import { decodedFieldSchema } from './messages';
import { deliveryRuleSchema } from './rabbitmq';

/**
 * Header values in JSON. AMQP tables carry types JSON lacks, so byte arrays travel as { "$bytes": "<base64>" }
 * and integers vs. floats follow JavaScript numbers (amqplib encodes whole numbers as integers).
 */
export type HeaderValue = string | number | boolean | null | { $bytes: string } | HeaderValue[] | { [key: string]: HeaderValue };
export const headerValueSchema: z.ZodType<HeaderValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.object({ $bytes: z.base64() }).strict(), z.array(headerValueSchema), z.record(z.string(), headerValueSchema)]),
);
/** AMQP tables nest little (x-death: a list of tables of lists); a 5,000-deep value overflowed the stack. */
export const MAX_HEADER_DEPTH = 16;
export const MAX_HEADER_VALUES = 10_000;
export const headersSchema = z.record(z.string(), headerValueSchema).superRefine((headers, ctx) => {
  const { depth, nodes } = extentOf(headers, { depth: MAX_HEADER_DEPTH + 1, nodes: MAX_HEADER_VALUES });
  if (depth > MAX_HEADER_DEPTH + 1) ctx.addIssue({ code: 'custom', message: `header values nest at most ${MAX_HEADER_DEPTH} levels` });
  else if (nodes > MAX_HEADER_VALUES) ctx.addIssue({ code: 'custom', message: `headers hold at most ${MAX_HEADER_VALUES} values` });
});

export const messagePropertiesSchema = z.object({
  contentType: z.string().max(255).optional(),
  contentEncoding: z.string().max(255).optional(),
  deliveryMode: z.union([z.literal(1), z.literal(2)]).optional(),
  priority: z.number().int().min(0).max(255).optional(),
  messageId: z.string().max(255).optional(),
  correlationId: z.string().max(255).optional(),
  replyTo: z.string().max(255).optional(),
  /** Per-message TTL in milliseconds, as AMQP wants it: a string of digits. */
  expiration: z.string().regex(/^\d{1,10}$/, 'expiration must be milliseconds (digits)').optional(),
  /** Seconds since the epoch (AMQP timestamps have second precision). */
  timestamp: z.number().int().min(0).optional(),
  type: z.string().max(255).optional(),
  appId: z.string().max(255).optional(),
  userId: z.string().max(255).optional(),
});
export type MessageProperties = z.infer<typeof messagePropertiesSchema>;

export const payloadEncodingSchema = z.enum(['text', 'json', 'base64']);

export const publishBodySchema = z.object({
  routingKey: z.string().max(255).default(''),
  payload: z.string(),
  payloadEncoding: payloadEncodingSchema.default('text'),
  properties: messagePropertiesSchema.default({}),
  headers: headersSchema.default({}),
});
export type PublishBody = z.input<typeof publishBodySchema>;
export const publishResponseSchema = z.object({ routed: z.boolean() });

export const inspectBodySchema = z.object({
  count: z.number().int().min(1).max(500).default(10),
  /** Streams only: where to start reading. Default "first". */
  offset: z.union([z.enum(['first', 'last', 'next']), z.number().int().min(0)]).optional(),
  /** Streams only: start at this time (ISO date); wins over offset. */
  fromTimestamp: z.iso.datetime({ offset: true }).optional(),
  /**
   * Quorum queues whose requeues count toward a delivery limit: read anyway, using one requeue of each message read.
   * Without it such a read is refused with 409 DELIVERY_LIMIT; read-only connections are refused with 403 either way.
   */
  confirmDeliveryLimit: z.boolean().default(false),
});
export type InspectBody = z.input<typeof inspectBodySchema>;

export const inspectedMessageSchema = z.object({
  index: z.number().int(),
  payload: decodedFieldSchema,
  properties: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  headers: headersSchema,
  redelivered: z.boolean(),
  exchange: z.string(),
  routingKey: z.string(),
  /** Stream offset, when read from a stream. */
  streamOffset: z.number().nullable(),
  /** True when the connection's masking rules hid fields or headers from the caller (roles below operator). */
  masked: z.boolean().optional(),
  /** Quorum queues: the message's delivery count and what the read did with it. Null for other queue types. */
  delivery: z
    .object({
      /** x-delivery-count as Wharf received it. */
      count: z.number(),
      /** Counted returns it survives now: 0 = the next requeue or failed delivery dead-letters it; null: no limit. */
      deliveriesLeft: z.number().nullable(),
      /**
       * requeued: put back at the head (basic.nack). copied: it was at its limit, so requeueing it would have
       * dead-lettered it: Wharf published a copy to the tail of the queue and acknowledged the original.
       * dead-lettered: at its limit and the copy was refused, so it went back and RabbitMQ dead-lettered it.
       */
      putBack: z.enum(['requeued', 'copied', 'dead-lettered']),
    })
    .nullable()
    .optional(),
});
export type InspectedMessage = z.infer<typeof inspectedMessageSchema>;

/** Why a read returned fewer messages than asked for, other than the queue running out. */
export const readStopSchema = z.object({
  reason: z.enum(['at-limit', 'copied-at-limit', 'dead-lettered-at-limit']),
  /** 1 is the head of the queue. */
  position: z.number().int(),
  message: z.string(),
});
export type ReadStop = z.infer<typeof readStopSchema>;

export const inspectResponseSchema = z.object({
  messages: z.array(inspectedMessageSchema),
  mode: z.enum(['requeue', 'stream']),
  /** Queue depth before and after (classic/quorum); they agree unless other clients were active. */
  countBefore: z.number().nullable(),
  countAfter: z.number().nullable(),
  rule: deliveryRuleSchema,
  stopped: readStopSchema.nullable(),
});
export type InspectResponse = z.infer<typeof inspectResponseSchema>;

/** GET .../move/preview: where a move would take messages, read from the management API without touching one. */
export const movePreviewQuerySchema = z
  .object({
    toQueue: z.string().min(1).max(255).optional(),
    toExchange: z.string().max(255).optional(),
    routingKey: z.string().max(255).optional(),
    keepRoutingKey: z.enum(['true', 'false']).transform((v) => v === 'true').default(false),
    limit: z.coerce.number().int().min(1).max(100_000_000).optional(),
    filter: z.string().max(2000).optional(),
  })
  .refine((b) => (b.toQueue === undefined) !== (b.toExchange === undefined), { message: 'give exactly one of toQueue or toExchange' });

export const moveRouteSchema = z.object({ destination: z.string(), destinationType: z.enum(['queue', 'exchange']), bindingKey: z.string() });

export const movePreviewSchema = z.object({
  source: z.object({ vhost: z.string(), queue: z.string(), type: z.string().nullable(), ready: z.number(), unacked: z.number().nullable() }),
  /** At most this many are read: the limit, or the ready count now (the job counts again when it starts). */
  /** At most this many are read: the limit, or the ready count now (the job counts again when it starts). */
  upTo: z.number(),
  /** True when a CEL filter decides per message: how many match is known only once they are read. */
  filtered: z.boolean(),
  exchange: z.object({ name: z.string(), type: z.string() }),
  /** Null: each message keeps its own routing key (or a headers exchange decides per message). */
  routingKey: z.string().nullable(),
  /** Where the exchange's bindings send the routing key now; null when it depends on each message. */
  routes: z.array(moveRouteSchema).nullable(),
  /** What the preview could not tell, in words (e.g. per-message routing). */
  notes: z.array(z.string()),
});
export type MovePreview = z.infer<typeof movePreviewSchema>;

export const moveCountsSchema = z.object({
  /** Queue length when the move started: the move reads at most this many. */
  startLength: z.number(),
  read: z.number(),
  published: z.number(),
  /** Published copies the broker committed; only then is the source message acknowledged. */
  confirmed: z.number(),
  acked: z.number(),
  /** Read but not matching the filter: returned to the source. */
  skipped: z.number(),
});
export type MoveCounts = z.infer<typeof moveCountsSchema>;

export const moveResultSchema = moveCountsSchema.extend({ status: z.enum(['done', 'cancelled']) });
export type MoveResult = z.infer<typeof moveResultSchema>;

export const redriveProposalSchema = z.object({
  /** Null when the first message carries no dead-letter history. */
  exchange: z.string().nullable(),
  routingKey: z.string().nullable(),
  originalQueue: z.string().nullable(),
  reason: z.string().nullable(),
  sampled: z.number(),
  /** What reading the head message did to it (quorum queues), and why nothing was read when it was at its limit. */
  delivery: inspectedMessageSchema.shape.delivery.optional(),
  stopped: readStopSchema.nullable().optional(),
});

/** POST .../move/proposal: reads the head message and puts it back, so it is a mutation. */
export const redriveProposalBodySchema = z.object({ confirmDeliveryLimit: z.boolean().default(false) }).default({ confirmDeliveryLimit: false });
export type RedriveProposalBody = z.input<typeof redriveProposalBodySchema>;
export type RedriveProposal = z.infer<typeof redriveProposalSchema>;
