import 'server-only';
import { z } from 'zod';

/** Only the fields Wharf reads; unknown fields are dropped. Counts are missing on idle brokers, hence optional. */
export const overviewSchema = z.object({
  rabbitmq_version: z.string().optional(),
  management_version: z.string().optional(),
  cluster_name: z.string().optional(),
  node: z.string().optional(),
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

export const vhostListSchema = z.array(z.object({ name: z.string() }));
