import 'server-only';
import { z } from 'zod';

/** GET /api/policies[/{vhost}] and /api/operator-policies[/{vhost}] (same shape). */
export const mgmtPolicySchema = z.object({
  vhost: z.string(),
  name: z.string(),
  pattern: z.string(),
  'apply-to': z.string(),
  // Old releases render an empty definition as [].
  definition: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]),
  priority: z.number(),
});
export const mgmtPolicyListSchema = z.array(mgmtPolicySchema);
export type MgmtPolicy = z.infer<typeof mgmtPolicySchema>;

/** GET /api/queues/{vhost}?columns=name,type,policy,operator_policy: null (or absent before the first stats) when none. */
export const mgmtPolicyQueueListSchema = z.array(
  z.object({
    name: z.string(),
    type: z.string().optional(),
    policy: z.string().nullable().optional(),
    operator_policy: z.string().nullable().optional(),
    effective_policy_definition: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).nullable().optional(),
  }),
);

/** GET /api/exchanges/{vhost}?columns=name,type,policy: `policy` is there only when one applies. */
export const mgmtPolicyExchangeListSchema = z.array(z.object({ name: z.string(), type: z.string().optional(), policy: z.string().nullable().optional() }));
