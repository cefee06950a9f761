import { z } from 'zod';
import { connectionIdParamsSchema } from './connections';
import { vhostParamsSchema } from './rabbitmq';

/** Unknown is null, not zero. */
const nullableNumber = z.number().nullable();

const userName = z.string().min(1).max(255);
const vhostName = z.string().min(1).max(255);

export const rabbitUserParamsSchema = connectionIdParamsSchema.extend({ name: userName });
export const userVhostParamsSchema = rabbitUserParamsSchema.extend({ vhost: vhostName });
/** The limit's name is checked after the vhost (an unknown vhost is a 404 whatever the limit). */
export const vhostLimitParamsSchema = vhostParamsSchema.extend({ name: z.string().min(1).max(255) });

/** The limits RabbitMQ knows for a vhost; -1 is "no limit", 0 allows none. */
export const VHOST_LIMITS = ['max-connections', 'max-queues'] as const;
export const vhostLimitNameSchema = z.enum(VHOST_LIMITS);
export type VhostLimitName = z.infer<typeof vhostLimitNameSchema>;

/** Tags are comma-separated on the wire, so a comma cannot be part of one. */
export const rabbitTagSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'a tag is letters, digits, dot, dash, underscore or colon');
const tagsSchema = z.array(rabbitTagSchema).max(32);

/** The tags RabbitMQ itself gives a meaning to (management UI and HTTP API access levels). */
export const KNOWN_USER_TAGS = ['administrator', 'monitoring', 'policymaker', 'management', 'impersonator'] as const;

/**
 * A permission regex as RabbitMQ matches it (Erlang re, PCRE). Checked here with the JavaScript engine, which
 * accepts the same common syntax; an empty string matches nothing, as in RabbitMQ.
 */
export const permissionRegexSchema = z
  .string()
  .max(1024)
  .superRefine((s, ctx) => {
    try {
      new RegExp(s);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `not a valid regular expression (${e instanceof Error ? e.message : 'invalid'})` });
    }
  });

const password = z.string().min(1).max(1024);

/**
 * A new user. `tags` is required, as in RabbitMQ's own API ([] for none). Without a password the user is
 * passwordless: it cannot sign in with a password (certificates or another mechanism only).
 */
export const createUserBodySchema = z.strictObject({ name: userName, password: password.optional(), tags: tagsSchema });
export type CreateUserBody = z.infer<typeof createUserBodySchema>;

/** Editing a user: without `password` it keeps the one it has; `removePassword` makes it passwordless. */
export const updateUserBodySchema = z
  .strictObject({ tags: tagsSchema, password: password.optional(), removePassword: z.boolean().optional() })
  .refine((b) => !(b.password && b.removePassword), { message: 'give a new password or removePassword, not both', path: ['removePassword'] });
export type UpdateUserBody = z.infer<typeof updateUserBodySchema>;

export const permissionBodySchema = z.strictObject({ configure: permissionRegexSchema, write: permissionRegexSchema, read: permissionRegexSchema });
export type PermissionBody = z.infer<typeof permissionBodySchema>;

/** Topic permissions apply to publishing to and consuming through a topic exchange, by routing key. */
export const topicPermissionBodySchema = z.strictObject({ exchange: z.string().min(1).max(255), write: permissionRegexSchema, read: permissionRegexSchema });
export type TopicPermissionBody = z.infer<typeof topicPermissionBodySchema>;

export const queueTypeSchema = z.enum(['classic', 'quorum', 'stream']);

/** A new vhost; `tags` is required ([] for none), like a user's. */
export const createVhostBodySchema = z.strictObject({
  name: vhostName,
  description: z.string().max(1000).optional(),
  tags: tagsSchema,
  /** Where the broker supports it (RabbitMQ 3.11 and later). */
  defaultQueueType: queueTypeSchema.optional(),
});
export type CreateVhostBody = z.infer<typeof createVhostBodySchema>;

/** The broker replaces a vhost's description and tags together, so both are required. */
export const updateVhostBodySchema = z.strictObject({ description: z.string().max(1000), tags: tagsSchema, defaultQueueType: queueTypeSchema.optional() });
export type UpdateVhostBody = z.infer<typeof updateVhostBodySchema>;

/** A limit's value: -1 for no limit, 0 for none allowed. */
export const vhostLimitBodySchema = z.strictObject({ limit: z.number().int().min(-1).max(2 ** 31 - 1) });

export const accessOkResponseSchema = z.object({ ok: z.literal(true) });

export const permissionSchema = z.object({ vhost: z.string(), user: z.string(), configure: z.string(), write: z.string(), read: z.string() });
export type Permission = z.infer<typeof permissionSchema>;
export const topicPermissionSchema = z.object({ vhost: z.string(), user: z.string(), exchange: z.string(), write: z.string(), read: z.string() });
export type TopicPermission = z.infer<typeof topicPermissionSchema>;

/** A RabbitMQ user. Its password hash never leaves the server: only whether it has a password. */
export const rabbitUserSchema = z.object({
  name: z.string(),
  tags: z.array(z.string()),
  /** False for a passwordless user; null when the broker did not say. */
  hasPassword: z.boolean().nullable(),
  /** Wharf itself connects as this user (it cannot be deleted from Wharf). */
  isWharfUser: z.boolean(),
  permissions: z.array(permissionSchema),
  topicPermissions: z.array(topicPermissionSchema),
});
export type RabbitUser = z.infer<typeof rabbitUserSchema>;

export const userListResponseSchema = z.object({ users: z.array(rabbitUserSchema), wharfUser: z.string() });
export type UserList = z.infer<typeof userListResponseSchema>;

export const openConnectionSchema = z.object({ name: z.string(), user: z.string().nullable(), vhost: z.string().nullable(), clientName: z.string().nullable() });
export type OpenConnection = z.infer<typeof openConnectionSchema>;

/** At most this many connections, queues or exchanges are listed by name in a preview; counts are always whole. */
export const PREVIEW_LIST_MAX = 200;

export const userDeletePreviewSchema = z.object({
  user: z.string(),
  tags: z.array(z.string()),
  permissions: z.array(permissionSchema),
  topicPermissions: z.array(topicPermissionSchema),
  /** RabbitMQ closes them (CONNECTION_FORCED) when the user is deleted. */
  connections: z.array(openConnectionSchema),
  connectionCount: z.number(),
  /** Why the delete would be refused (Wharf's own user), or null. */
  refusal: z.string().nullable(),
});
export type UserDeletePreview = z.infer<typeof userDeletePreviewSchema>;

export const vhostLimitsSchema = z.object({ maxConnections: nullableNumber, maxQueues: nullableNumber });

export const vhostAdminSchema = z.object({
  name: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  /** Null where the broker has none set or does not support it. */
  defaultQueueType: z.string().nullable(),
  /** Null when no limit is set. */
  limits: vhostLimitsSchema,
  messages: nullableNumber,
  ready: nullableNumber,
  unacked: nullableNumber,
  queues: nullableNumber,
  exchanges: nullableNumber,
  connections: nullableNumber,
});
export type VhostAdmin = z.infer<typeof vhostAdminSchema>;

export const vhostAdminListResponseSchema = z.object({
  vhosts: z.array(vhostAdminSchema),
  /** Whether a vhost's default queue type can be set (RabbitMQ 3.11 and later). */
  defaultQueueTypeSupported: z.boolean(),
  /** The vhost Wharf's AMQP URL opens (it cannot be deleted from Wharf). */
  wharfVhost: z.string(),
});
export type VhostAdminList = z.infer<typeof vhostAdminListResponseSchema>;

export const vhostAdminDetailSchema = z.object({ vhost: vhostAdminSchema, permissions: z.array(permissionSchema), defaultQueueTypeSupported: z.boolean() });
export type VhostAdminDetail = z.infer<typeof vhostAdminDetailSchema>;

export const vhostDeletePreviewSchema = z.object({
  vhost: z.string(),
  queues: z.array(z.object({ name: z.string(), type: z.string().nullable(), messages: nullableNumber })),
  queueCount: z.number(),
  /** Messages in all its queues; null when the broker has not counted them yet. */
  messages: nullableNumber,
  /** Exchanges declared in it (the default and amq.* exchanges every vhost has are left out). */
  exchanges: z.array(z.string()),
  exchangeCount: z.number(),
  /** RabbitMQ closes them when the vhost is deleted. */
  connections: z.array(openConnectionSchema),
  connectionCount: z.number(),
  /** Users who lose their permissions on it. */
  users: z.array(z.string()),
  refusal: z.string().nullable(),
});
export type VhostDeletePreview = z.infer<typeof vhostDeletePreviewSchema>;
