import { z } from 'zod';
import { connectionIdParamsSchema } from './connections';

/*
 * Share groups (KIP-932, Kafka 4.x): queue-like groups whose members share partitions, each record delivered to one
 * member and acknowledged one by one. Their position per partition is the share-partition start offset (SPSO): the
 * first record not yet acknowledged or archived. Unknown is null, never 0.
 */

export const shareGroupParamsSchema = connectionIdParamsSchema.extend({ group: z.string().min(1).max(1000) });

/**
 * How `lag` was found: 'broker' is DescribeShareGroupOffsets v1's own figure (records left to deliver, KIP-1226);
 * 'end-minus-start' is the end offset minus the start offset, from a broker that sends no lag (an upper bound: it
 * counts records already delivered and acknowledged past the start offset); null when neither is known.
 */
export const shareLagSourceSchema = z.enum(['broker', 'end-minus-start']);

export const shareGroupSummarySchema = z.object({
  groupId: z.string(),
  /** Empty, Stable, Dead, or Unknown: the broker's word. */
  state: z.string(),
  members: z.number().int(),
  assignor: z.string().nullable(),
  /** Topics the members subscribe to, and those the group holds offsets for. */
  topics: z.array(z.string()),
  /** Records left to deliver over all partitions; null when no partition's lag is known. */
  totalLag: z.number().nullable(),
  /** Partitions whose lag is unknown (left out of totalLag). */
  partitionsWithoutLag: z.number().int(),
  coordinator: z.number().int().nullable(),
  /** The broker's refusal to describe this group (it was deleted meanwhile, its coordinator is moving); else null. */
  error: z.string().nullable(),
});
export type ShareGroupSummary = z.infer<typeof shareGroupSummarySchema>;

export const shareGroupListSchema = z.object({
  readAt: z.string(),
  groups: z.array(shareGroupSummarySchema),
});
export type ShareGroupList = z.infer<typeof shareGroupListSchema>;

export const shareGroupMemberSchema = z.object({
  memberId: z.string(),
  clientId: z.string(),
  clientHost: z.string(),
  rackId: z.string().nullable(),
  memberEpoch: z.number().int(),
  subscribedTopics: z.array(z.string()),
  assignment: z.array(z.object({ topic: z.string(), partitions: z.array(z.number().int()) })),
});
export type ShareGroupMember = z.infer<typeof shareGroupMemberSchema>;

export const shareGroupPartitionSchema = z.object({
  topic: z.string(),
  partition: z.number().int(),
  /** Share-partition start offset; null when the group holds no state for the partition yet. */
  startOffset: z.number().nullable(),
  leaderEpoch: z.number().int().nullable(),
  /** High watermark, read at the same time; null when the leader would not say. */
  endOffset: z.number().nullable(),
  /** Records left to deliver; see lagSource. */
  lag: z.number().nullable(),
  lagSource: shareLagSourceSchema.nullable(),
  error: z.string().nullable(),
});
export type ShareGroupPartition = z.infer<typeof shareGroupPartitionSchema>;

export const shareGroupDetailSchema = shareGroupSummarySchema.extend({
  readAt: z.string(),
  groupEpoch: z.number().int(),
  assignmentEpoch: z.number().int(),
  memberList: z.array(shareGroupMemberSchema),
  partitions: z.array(shareGroupPartitionSchema),
});
export type ShareGroupDetail = z.infer<typeof shareGroupDetailSchema>;
