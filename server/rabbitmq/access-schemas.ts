import 'server-only';
import { z } from 'zod';

/** RabbitMQ 3.9+ answers tags as a list; older releases as one comma-separated string. */
const mgmtTagsSchema = z.union([z.array(z.string()), z.string().transform((s) => s.split(',').map((t) => t.trim()).filter(Boolean))]);

/**
 * A user as GET /api/users answers it. The password hash is read only to say whether there is one and is dropped
 * here, in the schema: nothing after this parse can pass it on.
 */
export const mgmtUserSchema = z
  .object({ name: z.string(), tags: mgmtTagsSchema, password_hash: z.string().optional() })
  .transform(({ password_hash, ...u }) => ({ ...u, hasPassword: password_hash === undefined ? null : password_hash !== '' }));
export const mgmtUserListSchema = z.array(mgmtUserSchema);
export type MgmtUser = z.infer<typeof mgmtUserSchema>;

/**
 * The stored credential of one user, read only by an edit that keeps the password: RabbitMQ's PUT /api/users/{name}
 * clears the password when neither `password` nor `password_hash` is sent, so the hash is sent back as it was, in
 * the same request handling. Never returned, logged or cached.
 */
export const mgmtStoredCredentialSchema = z.object({ name: z.string(), password_hash: z.string(), hashing_algorithm: z.string().optional(), tags: mgmtTagsSchema });

export const mgmtPermissionSchema = z.object({ user: z.string(), vhost: z.string(), configure: z.string(), write: z.string(), read: z.string() });
export const mgmtPermissionListSchema = z.array(mgmtPermissionSchema);

export const mgmtTopicPermissionSchema = z.object({ user: z.string(), vhost: z.string(), exchange: z.string(), write: z.string(), read: z.string() });
export const mgmtTopicPermissionListSchema = z.array(mgmtTopicPermissionSchema);

export const mgmtVhostSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  tags: mgmtTagsSchema.optional(),
  /** "undefined" (the Erlang atom) when none is set. */
  default_queue_type: z.string().optional(),
  messages: z.number().optional(),
  messages_ready: z.number().optional(),
  messages_unacknowledged: z.number().optional(),
});
export const mgmtVhostAdminListSchema = z.array(mgmtVhostSchema);
export type MgmtVhost = z.infer<typeof mgmtVhostSchema>;

/**
 * GET /api/vhost-limits[/{vhost}]: one entry per vhost that has or had a limit. A vhost whose last limit was removed
 * keeps an entry whose value is [] (an empty Erlang proplist), not {}.
 */
export const mgmtVhostLimitsListSchema = z.array(
  z.object({ vhost: z.string(), value: z.union([z.record(z.string(), z.number()), z.array(z.never()).transform((): Record<string, number> => ({}))]) }),
);

/** A page of anything cut to one item: only the counts are read. */
export const mgmtCountPageSchema = z.object({ total_count: z.number(), filtered_count: z.number().optional() });

export const mgmtQueueBriefPageSchema = z.object({
  total_count: z.number(),
  items: z.array(z.object({ name: z.string(), type: z.string().optional(), messages: z.number().nullable().optional() })),
});

export const mgmtExchangeBriefListSchema = z.array(z.object({ name: z.string() }));

export const mgmtConnectionBriefListSchema = z.array(
  z.object({
    name: z.string(),
    user: z.string().optional(),
    vhost: z.string().optional(),
    // [] for connections inside the node (shovels, federation).
    client_properties: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
  }),
);

export const mgmtVersionSchema = z.object({ rabbitmq_version: z.string().optional() });
