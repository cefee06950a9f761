import { z } from 'zod';

/** Purge removes records before a point: the end of the log (everything), an offset, or the first record at a time. */
export const purgeUpToSchema = z.union([
  z.literal('end'),
  z.object({ offset: z.number().int().min(0) }).strict(),
  z.object({ timestamp: z.number().int().min(0) }).strict(),
]);

export const purgeRequestSchema = z
  .object({
    partitions: z.array(z.number().int().min(0)).min(1).max(10_000).optional(),
    upTo: purgeUpToSchema.default('end'),
    dryRun: z.boolean().default(true),
    /** Applying needs the topic's name typed back. */
    confirm: z.string().optional(),
  })
  .strict();
export type PurgeRequest = z.infer<typeof purgeRequestSchema>;

export const purgePartitionSchema = z.object({
  partition: z.number(),
  low: z.number(),
  high: z.number(),
  newLow: z.number(),
  toDelete: z.number(),
});

export const purgePlanSchema = z.object({
  topic: z.string(),
  cleanupPolicy: z.string().nullable(),
  /** What purge can and cannot do on this topic (compaction), in words. */
  notes: z.array(z.string()),
  partitions: z.array(purgePartitionSchema),
  totalToDelete: z.number(),
  /** Groups whose committed offsets fall below the new start: they will jump to it (or to their reset policy). */
  groupsBehind: z.array(z.object({ groupId: z.string(), partitions: z.array(z.object({ partition: z.number(), committed: z.number() })) })),
});
export type PurgePlan = z.infer<typeof purgePlanSchema>;

export const purgeResultSchema = z.object({
  plan: purgePlanSchema,
  applied: z.boolean(),
  /** After applying: each partition's low watermark as the broker reports it. */
  after: z.array(z.object({ partition: z.number(), low: z.number(), expected: z.number() })).nullable(),
  deleted: z.number().nullable(),
  verified: z.boolean().nullable(),
});
export type PurgeResult = z.infer<typeof purgeResultSchema>;
