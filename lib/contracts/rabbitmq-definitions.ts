import { z } from 'zod';

/** The kinds of a definitions file, in the order RabbitMQ imports them (rabbit_definitions). */
export const DEFINITION_KINDS = ['users', 'vhosts', 'permissions', 'topic_permissions', 'parameters', 'global_parameters', 'policies', 'queues', 'exchanges', 'bindings'] as const;
export const definitionKindSchema = z.enum(DEFINITION_KINDS);
export type DefinitionKind = z.infer<typeof definitionKindSchema>;

/** What an import into one vhost (POST /api/definitions/{vhost}) applies; RabbitMQ ignores the rest of the file. */
export const VHOST_SCOPED_KINDS: readonly DefinitionKind[] = ['parameters', 'policies', 'queues', 'exchanges', 'bindings'];

/** Largest definitions file Wharf takes (the browser checks it before reading the file, the server again). */
export const MAX_DEFINITIONS_BYTES = 8 * 1024 * 1024;

const name = z.string().min(1, 'must not be empty').max(1024);
/** AMQP names may be empty where the broker allows it (the default exchange as a binding source). */
const anyName = z.string().max(1024);
const table = z.record(z.string(), z.unknown());
const vhostField = name.optional();
const present = (v: unknown) => v !== undefined;

/*
 * Items are loose objects: the fields Wharf reads are checked, anything else (a newer release's fields) goes to
 * RabbitMQ as it came. Required fields are those RabbitMQ 3.10 fails without (function_clause or a 500).
 */
export const defUserSchema = z.looseObject({
  name,
  password_hash: z.string().optional(),
  password: z.string().optional(),
  hashing_algorithm: z.string().optional(),
  /** A list since 3.9; a comma-separated string in older exports. */
  tags: z.union([z.string(), z.array(z.string())]).optional(),
  limits: table.optional(),
});
export const defVhostSchema = z.looseObject({
  name,
  description: z.string().optional(),
  tags: z.union([z.string(), z.array(z.string())]).optional(),
  metadata: z.looseObject({ description: z.string().optional(), tags: z.union([z.string(), z.array(z.string())]).optional() }).optional(),
});
export const defPermissionSchema = z.looseObject({ user: name, vhost: name, configure: z.string(), write: z.string(), read: z.string() });
export const defTopicPermissionSchema = z.looseObject({ user: name, vhost: name, exchange: anyName, write: z.string(), read: z.string() });
export const defParameterSchema = z.looseObject({ vhost: vhostField, component: name, name, value: z.unknown().refine(present, 'required') });
export const defGlobalParameterSchema = z.looseObject({ name, value: z.unknown().refine(present, 'required') });
export const defPolicySchema = z.looseObject({
  vhost: vhostField,
  name,
  pattern: z.string(),
  'apply-to': z.string().optional(),
  definition: table,
  priority: z.number().int().optional(),
});
export const defQueueSchema = z.looseObject({ vhost: vhostField, name, durable: z.boolean(), auto_delete: z.boolean(), arguments: table.optional() });
export const defExchangeSchema = z.looseObject({ vhost: vhostField, name, type: name, durable: z.boolean(), auto_delete: z.boolean(), internal: z.boolean(), arguments: table.optional() });
export const defBindingSchema = z.looseObject({
  vhost: vhostField,
  source: anyName,
  destination: name,
  destination_type: z.enum(['queue', 'exchange']),
  routing_key: z.string(),
  arguments: table.optional(),
});

/** A definitions file as RabbitMQ exports it (GET /api/definitions), or a part of one: every kind is optional. */
export const definitionsFileSchema = z.looseObject({
  rabbit_version: z.string().optional(),
  rabbitmq_version: z.string().optional(),
  users: z.array(defUserSchema).optional(),
  vhosts: z.array(defVhostSchema).optional(),
  permissions: z.array(defPermissionSchema).optional(),
  topic_permissions: z.array(defTopicPermissionSchema).optional(),
  parameters: z.array(defParameterSchema).optional(),
  global_parameters: z.array(defGlobalParameterSchema).optional(),
  policies: z.array(defPolicySchema).optional(),
  queues: z.array(defQueueSchema).optional(),
  exchanges: z.array(defExchangeSchema).optional(),
  bindings: z.array(defBindingSchema).optional(),
});
export type DefinitionsFile = z.infer<typeof definitionsFileSchema>;

const vhostParam = z.string().min(1).max(1024);

/** Items of an import into all vhosts must say which vhost they belong to (an export of all vhosts always does). */
function vhostsNamed(body: { vhost?: string; definitions: DefinitionsFile }, ctx: z.RefinementCtx) {
  if (body.vhost !== undefined) return;
  for (const kind of ['parameters', 'policies', 'queues', 'exchanges', 'bindings'] as const) {
    body.definitions[kind]?.forEach((item, i) => {
      if (item.vhost === undefined) ctx.addIssue({ code: 'custom', path: ['definitions', kind, i, 'vhost'], message: 'required when importing into all vhosts (or choose one vhost to import into)' });
    });
  }
}

const importFields = {
  /** Import into this vhost (POST /api/definitions/{vhost}): items go there whatever vhost they name. Absent: all. */
  vhost: vhostParam.optional(),
  definitions: definitionsFileSchema,
};

export const definitionsPreviewBodySchema = z.object(importFields).superRefine(vhostsNamed);
export type DefinitionsPreviewBody = z.infer<typeof definitionsPreviewBodySchema>;

/** The apply repeats the connection's name, like deletes repeat the object's. */
export const definitionsApplyBodySchema = z.object({ ...importFields, confirm: z.string().max(1024) }).superRefine(vhostsNamed);
export type DefinitionsApplyBody = z.infer<typeof definitionsApplyBodySchema>;

export const definitionsExportQuerySchema = z.object({
  /** One vhost (GET /api/definitions/{vhost}: no users, vhosts or permissions in it); absent: all. */
  vhost: vhostParam.optional(),
  /** Users and their password hashes stay in the file only when asked for. */
  includeUsers: z.enum(['true', 'false']).optional(),
});

/**
 * added: not on the broker. changed: on the broker with other values, which the import overwrites. conflict: on the
 * broker with other properties the import cannot change (a queue's arguments): RabbitMQ keeps the existing one.
 * skipped: RabbitMQ passes over it without a word (amq.* names, a binding whose ends do not exist). fails: RabbitMQ
 * refuses the import (a vhost or user that exists nowhere). unchanged: on the broker as in the file.
 */
export const itemStatusSchema = z.enum(['added', 'changed', 'conflict', 'skipped', 'fails', 'unchanged']);
export type ItemStatus = z.infer<typeof itemStatusSchema>;

/** Before and after as JSON text; null where the field is absent. Secrets show as "(hidden)", never their value. */
export const fieldChangeSchema = z.object({ field: z.string(), before: z.string().nullable(), after: z.string().nullable() });
export type FieldChange = z.infer<typeof fieldChangeSchema>;

export const previewItemSchema = z.object({
  /** What names it within its kind (a queue's name, "user @ vhost" for a permission). */
  name: z.string(),
  vhost: z.string().nullable(),
  status: itemStatusSchema,
  changes: z.array(fieldChangeSchema),
  reason: z.string().nullable(),
});
export type PreviewItem = z.infer<typeof previewItemSchema>;

const count = z.number().int().nonnegative();
const countFields = { added: count, changed: count, conflicts: count, skipped: count, failures: count, unchanged: count, notRemoved: count, ignored: count };

/** Names listed for the unchanged and not-removed items of one kind, at most (the counts are exact). */
export const MAX_LISTED_NAMES = 500;

export const kindPreviewSchema = z.object({
  kind: definitionKindSchema,
  ...countFields,
  /** False for the kinds an import into one vhost ignores. */
  applied: z.boolean(),
  /** Every item of the file except the unchanged ones. */
  items: z.array(previewItemSchema),
  unchangedNames: z.array(z.string()),
  /** On the broker but not in the file: an import only adds and updates, it never deletes. */
  notRemovedNames: z.array(z.string()),
});
export type KindPreview = z.infer<typeof kindPreviewSchema>;

/** The totals sit at the top level so the audit entry of a preview or an apply carries them. */
export const definitionsPreviewSchema = z.object({ vhost: z.string().nullable(), ...countFields, kinds: z.array(kindPreviewSchema) });
export type DefinitionsPreview = z.infer<typeof definitionsPreviewSchema>;

export const definitionsApplyResponseSchema = z.object({ ok: z.literal(true), vhost: z.string().nullable(), ...countFields });
export type DefinitionsApplyResult = z.infer<typeof definitionsApplyResponseSchema>;

/** The export is RabbitMQ's own file (documented loosely: its shape is the broker's). */
export const definitionsExportSchema = definitionsFileSchema;
