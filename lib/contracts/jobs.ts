import { z } from 'zod';

export const jobStatusSchema = z.enum(['running', 'succeeded', 'failed', 'cancelled', 'interrupted']);
export type JobStatus = z.infer<typeof jobStatusSchema>;

/** Counts are exact; total is null until known (unknown is not zero). */
export const jobProgressSchema = z.object({
  phase: z.string(),
  total: z.number().nullable(),
  read: z.number(),
  matched: z.number(),
  written: z.number(),
  confirmed: z.number(),
  skipped: z.number(),
  ratePerSecond: z.number().nullable(),
  etaSeconds: z.number().nullable(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

export const emptyProgress = (phase = 'starting'): JobProgress => ({
  phase,
  total: null,
  read: 0,
  matched: 0,
  written: 0,
  confirmed: 0,
  skipped: 0,
  ratePerSecond: null,
  etaSeconds: null,
});

const connectionId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a connection id');
const topicName = z
  .string()
  .min(1)
  .max(249)
  .regex(/^[a-zA-Z0-9._-]+$/, 'topic names use letters, digits, ".", "_" and "-"');
const partitionList = z.array(z.number().int().min(0)).min(1).max(10_000);

/** Where a Kafka range starts or ends: an offset (per partition, the same for all), a timestamp (ms), or an end of the log. */
export const kafkaPositionSchema = z.union([
  z.literal('earliest'),
  z.literal('latest'),
  z.object({ offset: z.number().int().min(0) }).strict(),
  z.object({ timestamp: z.number().int().min(0) }).strict(),
]);
export type KafkaPosition = z.infer<typeof kafkaPositionSchema>;

export const kafkaReplayTargetSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('kafka'),
      connection: connectionId,
      topic: topicName,
      /** keep: same partition number as the source; key: the target's default partitioner; fixed: one partition. */
      partitioning: z.enum(['keep', 'key', 'fixed']).default('keep'),
      partition: z.number().int().min(0).optional(),
      keepTimestamp: z.boolean().default(false),
      /** Create the target topic with the source's partition count when it does not exist. */
      createTopic: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      kind: z.literal('rabbitmq'),
      connection: connectionId,
      vhost: z.string().min(1).default('/'),
      exchange: z.string().max(255),
      /** A template: {key}, {topic}, {partition} and {header:NAME} are replaced per message. */
      routingKey: z.string().max(255).default('{key}'),
    })
    .strict(),
]);

export const kafkaReplayParamsSchema = z
  .object({
    kind: z.literal('kafka-replay'),
    source: z
      .object({
        connection: connectionId,
        topic: topicName,
        partitions: partitionList.optional(),
        from: kafkaPositionSchema.default('earliest'),
        /** Exclusive end; 'latest' is the end of the log when the job starts. */
        to: kafkaPositionSchema.default('latest'),
        filter: z.string().max(2000).optional(),
      })
      .strict(),
    target: kafkaReplayTargetSchema,
    provenanceHeaders: z.boolean().default(true),
    /** Replaying a topic into itself doubles its messages: it must be asked for explicitly. */
    allowSameTopic: z.boolean().default(false),
  })
  .strict();
export type KafkaReplayParams = z.infer<typeof kafkaReplayParamsSchema>;

/** A RabbitMQ queue a job takes messages from (a drain or a move). */
const queueSourceSchema = z
  .object({
    connection: connectionId,
    vhost: z.string().min(1).max(255).default('/'),
    queue: z.string().min(1).max(255),
    /** At most this many; default all (the queue length counted when the job first starts). */
    limit: z.number().int().min(1).max(100_000_000).optional(),
    filter: z.string().max(2000).optional(),
  })
  .strict();

export const rabbitmqToKafkaParamsSchema = z
  .object({
    kind: z.literal('rabbitmq-to-kafka'),
    source: queueSourceSchema,
    target: z
      .object({
        connection: connectionId,
        topic: topicName,
        /** Kafka key: the AMQP message id, or a header's value. */
        key: z.union([z.literal('message-id'), z.object({ header: z.string().min(1) }).strict()]).default('message-id'),
      })
      .strict(),
  })
  .strict();
export type RabbitmqToKafkaParams = z.infer<typeof rabbitmqToKafkaParamsSchema>;

/**
 * Moves messages from a queue to an exchange (or straight to a queue) of the same connection and vhost: a redrive of
 * dead-lettered messages, or a move between queues. Each batch is one AMQP transaction (server/rabbitmq/move.ts).
 */
export const rabbitmqMoveParamsSchema = z
  .object({
    kind: z.literal('rabbitmq-move'),
    source: queueSourceSchema,
    target: z
      .object({
        /** The source's connection: a move stays on one connection and vhost. */
        connection: connectionId,
        /** Exactly one of queue (through the default exchange) and exchange ("" is the default exchange). */
        queue: z.string().min(1).max(255).optional(),
        exchange: z.string().max(255).optional(),
        routingKey: z.string().max(255).optional(),
        /** Each message keeps its original routing key (the first death's for dead-lettered ones) unless routingKey is given. */
        keepRoutingKey: z.boolean().default(false),
      })
      .strict(),
    batchSize: z.number().int().min(1).max(1000).default(200),
  })
  .strict();
export type RabbitmqMoveParams = z.infer<typeof rabbitmqMoveParamsSchema>;

export const jobParamsSchema = z.discriminatedUnion('kind', [kafkaReplayParamsSchema, rabbitmqToKafkaParamsSchema, rabbitmqMoveParamsSchema]);
export type JobParams = z.infer<typeof jobParamsSchema>;
export type JobKind = JobParams['kind'];

export const startJobBodySchema = z.object({
  params: jobParamsSchema,
  /** Count what would be written and stop: nothing is written. */
  dryRun: z.boolean().default(false),
});

export const jobResultSchema = z.object({
  /** Did the end state check out (e.g. target offsets advanced by exactly the number written)? null: could not be checked. */
  verified: z.boolean().nullable(),
  details: z.array(z.string()),
  /** Messages that may have been written twice (a batch in flight when the job was interrupted). */
  possibleDuplicates: z.number(),
});
export type JobResult = z.infer<typeof jobResultSchema>;

export const jobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  params: jobParamsSchema,
  dryRun: z.boolean(),
  status: jobStatusSchema,
  progress: jobProgressSchema,
  result: jobResultSchema.nullable(),
  error: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Fields left out for this caller (a CEL filter below reader: it is an expression over message contents). */
  hidden: z.array(z.string()).optional(),
});
export type Job = z.infer<typeof jobSchema>;

export const jobListSchema = z.object({ jobs: z.array(jobSchema) });
export const jobIdParamsSchema = z.object({ jobId: z.string().regex(/^job-[a-z0-9-]{6,64}$/, 'must be a job id') });
