import { z } from 'zod';
import { connectionIdParamsSchema } from './connections';
import { groupPartitionSchema, lagStatusSchema } from './groups';

/** Kafka's own rule (Topic.java): up to 249 of [a-zA-Z0-9._-], and not "." or "..". */
export const topicNameSchema = z
  .string()
  .min(1, 'topic name is empty')
  .max(249, 'topic name is longer than 249 characters')
  .regex(/^[a-zA-Z0-9._-]+$/, 'topic name may only contain letters, digits, ".", "_" and "-"')
  .refine((n) => n !== '.' && n !== '..', 'topic name cannot be "." or ".."');

export const topicParamsSchema = connectionIdParamsSchema.extend({ topic: topicNameSchema });

export const brokerSchema = z.object({
  id: z.number().int(),
  host: z.string(),
  port: z.number().int(),
  rack: z.string().nullable(),
  isController: z.boolean(),
  /** Replicas hosted (leader or follower). */
  partitions: z.number().int(),
  leaders: z.number().int(),
  /** Bytes on this broker's log dirs; null when the broker would not say. */
  sizeBytes: z.number().nullable(),
});
export type Broker = z.infer<typeof brokerSchema>;

export const brokerListSchema = z.object({
  clusterId: z.string().nullable(),
  controllerId: z.number().int().nullable(),
  version: z.string().nullable(),
  brokers: z.array(brokerSchema),
  snapshotAt: z.string().datetime(),
});
export type BrokerList = z.infer<typeof brokerListSchema>;

export const topicRowSchema = z.object({
  name: z.string(),
  internal: z.boolean(),
  partitions: z.number().int(),
  replicationFactor: z.number().int(),
  /** Sum over partitions of high minus low watermark; null when offsets could not be read. */
  messages: z.number().nullable(),
  /** Bytes on disk over all replicas (DescribeLogDirs); null when unknown. */
  sizeBytes: z.number().nullable(),
  underReplicated: z.number().int(),
  offline: z.number().int(),
  /**
   * Consumer groups reading the topic (a commit on, or an assignment of, one of its partitions), from the lag
   * sampler's latest tick; null while the sampler has not read the topic yet (unknown, not 0).
   */
  groups: z.number().int().nullable(),
  /** Sum over those groups of their lag on this topic; null when unknown (no sample yet, or no group has a commit). */
  lag: z.number().nullable(),
  /** The groups with their lag on this topic (null: no commit on any of its partitions); null like `groups`. */
  consumerGroups: z.array(z.object({ groupId: z.string(), lag: z.number().nullable() })).nullable(),
});
export type TopicRow = z.infer<typeof topicRowSchema>;

export const topicSortKeys = ['name', 'partitions', 'replicationFactor', 'messages', 'sizeBytes', 'underReplicated', 'offline', 'groups', 'lag'] as const;
export type TopicSortKey = (typeof topicSortKeys)[number];

const boolParam = z.enum(['true', 'false']).transform((v) => v === 'true');

export const topicListQuerySchema = z.object({
  q: z.string().max(200).optional(),
  /** "true": q is a regular expression (bounded: no nested quantifiers, at most 200 characters). */
  regex: boolParam.optional(),
  internal: boolParam.optional(),
  sort: z.enum(topicSortKeys).optional(),
  dir: z.enum(['asc', 'desc']).optional(),
});
export type TopicListQuery = z.input<typeof topicListQuerySchema>;

export const topicListSchema = z.object({
  topics: z.array(topicRowSchema),
  /** Topics in the cluster before the search filter (internal ones counted only when shown). */
  total: z.number().int(),
  snapshotAt: z.string().datetime(),
  /** Set when the last background refresh failed; the list is then older than expected. */
  staleReason: z.string().nullable(),
  /** When the lag sampler read the groups and lag shown; null before its first tick. */
  lagSampledAt: z.string().datetime().nullable(),
});
export type TopicList = z.infer<typeof topicListSchema>;

export const partitionSchema = z.object({
  partition: z.number().int(),
  leader: z.number().int().nullable(),
  replicas: z.array(z.number().int()),
  isr: z.array(z.number().int()),
  offlineReplicas: z.array(z.number().int()),
  low: z.number().nullable(),
  high: z.number().nullable(),
  messages: z.number().nullable(),
  sizeBytes: z.number().nullable(),
});
export type Partition = z.infer<typeof partitionSchema>;

export const topicDetailSchema = topicRowSchema.extend({
  partitionList: z.array(partitionSchema),
  snapshotAt: z.string().datetime(),
});
export type TopicDetail = z.infer<typeof topicDetailSchema>;

/** One consumer group as seen from one topic: figures over that topic's partitions only. */
export const topicConsumerGroupSchema = z.object({
  groupId: z.string(),
  /** Kafka's group state (Stable, Empty, ...), for the whole group. */
  state: z.string(),
  members: z.number().int(),
  /** Sum over this topic's partitions with a commit of end minus committed, floored at 0; null when none has a commit. */
  lag: z.number().nullable(),
  /** Partitions of this topic the group has committed an offset on. */
  partitions: z.number().int(),
  /** The topic's other partitions: their lag is unknown, and left out of `lag`. */
  partitionsWithoutCommit: z.number().int(),
  /** Partitions of this topic assigned to the group's members now; empty when it has none (or a non-consumer protocol). */
  assignedPartitions: z.array(z.number().int()),
  /** The worst verdict over this topic's partitions (UNKNOWN until the sampler has a few samples). */
  lagStatus: lagStatusSchema,
  partitionList: z.array(groupPartitionSchema),
});
export type TopicConsumerGroup = z.infer<typeof topicConsumerGroupSchema>;

export const topicConsumerGroupsSchema = z.object({
  topic: z.string(),
  /** When the shared lag sampler read these figures. */
  sampledAt: z.string().datetime(),
  /** null: the sampler has not read this topic (internal, unknown, or created since its last tick). */
  groups: z.array(topicConsumerGroupSchema).nullable(),
});
export type TopicConsumerGroups = z.infer<typeof topicConsumerGroupsSchema>;

export const topicConfigEntrySchema = z.object({
  name: z.string(),
  /** Null for sensitive values (masked) and for keys without a value. */
  value: z.string().nullable(),
  isDefault: z.boolean(),
  source: z.enum(['topic', 'broker', 'default-broker', 'static-broker', 'default', 'other']),
  sensitive: z.boolean(),
  readOnly: z.boolean(),
});
export type TopicConfigEntry = z.infer<typeof topicConfigEntrySchema>;

export const topicConfigsSchema = z.object({ topic: z.string(), configs: z.array(topicConfigEntrySchema) });
export type TopicConfigs = z.infer<typeof topicConfigsSchema>;

const configName = z.string().min(1).max(255).regex(/^[a-z0-9._-]+$/, 'config names are lowercase words joined by "."');
const configValue = z.string().max(10_000);

export const createTopicSchema = z.object({
  name: topicNameSchema,
  partitions: z.number().int().min(1).max(10_000),
  replicationFactor: z.number().int().min(1).max(32),
  configs: z.record(configName, configValue).default({}),
});
export type CreateTopicInput = z.input<typeof createTopicSchema>;

export const alterTopicConfigsSchema = z.object({
  /** Keys to set; others are left as they are. */
  set: z.record(configName, configValue).default({}),
  /** Keys to reset to their default (removed from the topic's own configs). */
  reset: z.array(configName).max(200).default([]),
});
export type AlterTopicConfigsInput = z.input<typeof alterTopicConfigsSchema>;

/** The new total number of partitions (Kafka can only add partitions, never remove them). */
export const addPartitionsSchema = z.object({ partitions: z.number().int().min(1).max(10_000) });

export const okSchema = z.object({ ok: z.literal(true) });
