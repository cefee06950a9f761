import { z } from 'zod';

export const lagStatusValueSchema = z.enum(['OK', 'WARN', 'ERR', 'UNKNOWN']);
export const lagStatusReasonSchema = z.enum(['STOP', 'STALL', 'REWIND']);
/** Burrow-like verdict over a sliding window of samples; see docs/lag-status.md. */
export const lagStatusSchema = z.object({
  status: lagStatusValueSchema,
  /** Set when status is ERR. */
  reason: lagStatusReasonSchema.nullable(),
});
export type LagStatus = z.infer<typeof lagStatusSchema>;

/** drained: no lag; draining: lag falls, timeToDrainMs is the estimate; not-draining: lag holds or rises. */
export const drainStateSchema = z.enum(['drained', 'draining', 'not-draining', 'unknown']);
export type DrainState = z.infer<typeof drainStateSchema>;

export const groupIdParamsSchema = z.object({
  id: z.string().min(1).max(63).regex(/^[a-z0-9][a-z0-9-]*$/, 'connection id must be lowercase letters, digits and dashes'),
  group: z.string().min(1).max(1000),
});

/** classic: the JoinGroup/SyncGroup protocol (any Kafka); consumer: KIP-848 (Kafka 4), assignments made by the broker. */
export const groupTypeSchema = z.enum(['classic', 'consumer']);
export type GroupType = z.infer<typeof groupTypeSchema>;

export const groupSummarySchema = z.object({
  groupId: z.string(),
  type: groupTypeSchema,
  /**
   * The broker's word for the group's state. Classic: Stable, Empty, PreparingRebalance, CompletingRebalance, Dead;
   * consumer: Empty, Assigning, Reconciling, Stable, Dead.
   */
  state: z.string(),
  protocolType: z.string(),
  /**
   * Classic: the client-side assignor the members agreed on (range, cooperative-sticky, ...), null while the group has
   * no members; consumer: the broker-side assignor (uniform, range).
   */
  assignor: z.string().nullable(),
  /** KIP-848 groups: the epoch of the group's membership and the one of its target assignment; null for classic groups. */
  groupEpoch: z.number().int().nullable(),
  assignmentEpoch: z.number().int().nullable(),
  members: z.number().int(),
  topics: z.array(z.string()),
  /** Sum over partitions with a commit; null when no partition has one (unknown, not 0). */
  totalLag: z.number().nullable(),
  partitionsWithoutCommit: z.number().int(),
  lagStatus: lagStatusSchema,
  consumeRate: z.number().nullable(),
  drain: drainStateSchema,
  timeToDrainMs: z.number().nullable(),
});
export type GroupSummary = z.infer<typeof groupSummarySchema>;

export const groupListSchema = z.object({
  /** When the shared sampler read these figures; null before its first tick. */
  sampledAt: z.string().nullable(),
  groups: z.array(groupSummarySchema),
});
export type GroupList = z.infer<typeof groupListSchema>;

export const groupMemberSchema = z.object({
  memberId: z.string(),
  /** group.instance.id of a static member. */
  instanceId: z.string().nullable(),
  clientId: z.string(),
  clientHost: z.string(),
  /** KIP-848 members: the epoch of the assignment the member holds; null in classic groups. */
  memberEpoch: z.number().int().nullable(),
  assignments: z.array(z.object({ topic: z.string(), partitions: z.array(z.number().int()) })),
});
export type GroupMember = z.infer<typeof groupMemberSchema>;

export const groupPartitionSchema = z.object({
  topic: z.string(),
  partition: z.number().int(),
  /** null: the group never committed an offset for this partition. */
  committed: z.number().nullable(),
  start: z.number(),
  end: z.number(),
  lag: z.number().nullable(),
  /** When Wharf last saw the committed offset move; null if it has not moved since Wharf started watching. */
  lastCommitAt: z.string().nullable(),
  lagStatus: lagStatusSchema,
});
export type GroupPartition = z.infer<typeof groupPartitionSchema>;

export const groupDetailSchema = groupSummarySchema.extend({
  sampledAt: z.string(),
  memberList: z.array(groupMemberSchema),
  partitions: z.array(groupPartitionSchema),
});
export type GroupDetail = z.infer<typeof groupDetailSchema>;

/** A member as offset resets and deletes name it when they refuse. */
export const activeMemberSchema = groupMemberSchema.pick({ memberId: true, clientId: true, clientHost: true });
export type ActiveMember = z.infer<typeof activeMemberSchema>;

export const groupOffsetsSchema = z.object({
  groupId: z.string(),
  type: groupTypeSchema,
  state: z.string(),
  /** Kafka refuses to change the offsets of a group with active members. */
  activeMembers: z.array(activeMemberSchema),
  partitions: z.array(groupPartitionSchema.pick({ topic: true, partition: true, committed: true, start: true, end: true, lag: true })),
});
export type GroupOffsets = z.infer<typeof groupOffsetsSchema>;

export const resetScopeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('group') }),
  z.object({ type: z.literal('topic'), topic: z.string().min(1) }),
  z.object({ type: z.literal('partitions'), topic: z.string().min(1), partitions: z.array(z.number().int().min(0)).min(1) }),
]);
export type ResetScope = z.infer<typeof resetScopeSchema>;

export const resetTargetSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('earliest') }),
  z.object({ type: z.literal('latest') }),
  /** Epoch ms: the first offset whose timestamp is at or after it (the end when there is none). */
  z.object({ type: z.literal('timestamp'), timestamp: z.number().int().min(0) }),
  z.object({ type: z.literal('offset'), offset: z.number().int().min(0) }),
  /** Moves each committed offset by N (negative rewinds); partitions without a commit start from the earliest. */
  z.object({ type: z.literal('shift'), by: z.number().int() }),
]);
export type ResetTarget = z.infer<typeof resetTargetSchema>;

/** One partition of a previewed plan, sent back when applying it: the offset the user saw and the one they chose. */
export const expectedChangeSchema = z.object({
  topic: z.string().min(1),
  partition: z.number().int().min(0),
  current: z.number().int().nullable(),
  next: z.number().int().min(0),
});

export const resetOffsetsRequestSchema = z.object({
  /** Defaults to true: nothing changes unless the caller asks for it explicitly. */
  dryRun: z.boolean().default(true),
  scope: resetScopeSchema,
  to: resetTargetSchema,
  /**
   * The previewed plan. When given, applying writes exactly these offsets, and is refused (409) if the selection or
   * a committed offset changed since the preview, or a new offset fell outside the log.
   */
  expected: z.array(expectedChangeSchema).max(100_000).optional(),
});
export type ResetOffsetsRequest = z.infer<typeof resetOffsetsRequestSchema>;
export type ExpectedChange = z.infer<typeof expectedChangeSchema>;

export const offsetChangeSchema = z.object({
  topic: z.string(),
  partition: z.number().int(),
  current: z.number().nullable(),
  next: z.number(),
  start: z.number(),
  end: z.number(),
});
export type OffsetChange = z.infer<typeof offsetChangeSchema>;

export const resetOffsetsResultSchema = z.object({
  groupId: z.string(),
  dryRun: z.boolean(),
  /** True once Kafka holds the new offsets (read back after writing). */
  applied: z.boolean(),
  /** Read live: a dry run of a group with active members previews a reset that applying would refuse (409). */
  activeMembers: z.array(activeMemberSchema),
  changes: z.array(offsetChangeSchema),
});
export type ResetOffsetsResult = z.infer<typeof resetOffsetsResultSchema>;

export const deleteGroupResultSchema = z.object({ groupId: z.string(), deleted: z.literal(true) });
