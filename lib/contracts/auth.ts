import { z } from 'zod';

/** Ordered weakest to strongest: each role can do everything the ones before it can. */
export const ROLES = ['viewer', 'reader', 'operator', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** What a route needs: 'public' routes (health, login) need no session at all. */
export const PERMISSIONS = ['public', ...ROLES] as const;
export type Permission = (typeof PERMISSIONS)[number];

export function roleAtLeast(have: Role | null | undefined, need: Role): boolean {
  return have != null && ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/** Header and cookie names shared by the browser client and the server. */
export const CSRF_HEADER = 'x-wharf-csrf';
export const CSRF_COOKIE = 'wharf-csrf';
export const SESSION_COOKIE = 'wharf-session';

export const usernameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'must be letters, digits, dot, dash, underscore or @');

export const loginBodySchema = z.object({
  username: usernameSchema,
  password: z.string().min(1).max(1024),
});

export const meSchema = z.object({
  /** False when no `auth` section is configured: everyone on loopback is an implicit local admin. */
  authEnabled: z.boolean(),
  oidc: z.boolean(),
  user: z
    .object({
      username: z.string(),
      source: z.enum(['local', 'config', 'store', 'oidc']),
      defaultRole: roleSchema.nullable(),
      connectionRoles: z.record(z.string(), roleSchema),
    })
    .nullable(),
});
export type Me = z.infer<typeof meSchema>;

export const okSchema = z.object({ ok: z.literal(true) });

export const createUserBodySchema = z.object({
  username: usernameSchema,
  password: z.string().min(12, 'must be at least 12 characters').max(1024),
  defaultRole: roleSchema.nullable().default('viewer'),
  connectionRoles: z.record(z.string(), roleSchema).default({}),
});

export const userParamsSchema = z.object({ username: usernameSchema });

export const userSummarySchema = z.object({
  username: z.string(),
  source: z.enum(['config', 'store']),
  defaultRole: roleSchema.nullable(),
  connectionRoles: z.record(z.string(), roleSchema),
});
export const userListSchema = z.object({ users: z.array(userSummarySchema) });

/** 'cancelled': a job stopped by a user (a job's end is an entry of its own, method JOB). */
export const auditOutcomeSchema = z.enum(['ok', 'denied', 'error', 'interrupted', 'cancelled']);
/** HTTP methods, and JOB: the end of a long operation started by an earlier request (its outcome and final counts). */
export const auditMethodSchema = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'JOB']);
export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  username: z.string(),
  ip: z.string().nullable(),
  method: z.string(),
  path: z.string(),
  /** The route template, e.g. /api/connections/{id}/topics/{topic}. */
  route: z.string().nullable(),
  connection: z.string().nullable(),
  target: z.record(z.string(), z.string()),
  params: z.record(z.string(), z.unknown()),
  /** 0 while (or if, the server having died) the request never answered. */
  status: z.number(),
  /** 'interrupted': not known to have finished (a stream cut by the client or the server, or a request in flight). */
  outcome: auditOutcomeSchema,
  counts: z.record(z.string(), z.number()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditQuerySchema = z.object({
  username: z.string().max(64).optional(),
  connection: z.string().max(63).optional(),
  method: auditMethodSchema.optional(),
  outcome: auditOutcomeSchema.optional(),
  /** Substring of the request path. */
  q: z.string().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  format: z.enum(['json', 'jsonl']).default('json'),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditListSchema = z.object({ entries: z.array(auditEntrySchema) });
