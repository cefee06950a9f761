import 'server-only';
import { z } from 'zod';
import { SCHEMA_DETECTION, SCHEMA_FORMATS } from '@/lib/contracts/kafka-messages';

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes (used in URLs)');

const tls = z.union([
  z.boolean(),
  z
    .object({
      ca: z.string().optional(),
      cert: z.string().optional(),
      key: z.string().optional(),
      rejectUnauthorized: z.boolean().default(true),
    })
    .strict(),
]);

const kafkaSasl = z
  .object({
    mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
    username: z.string().min(1),
    password: z.string().min(1),
  })
  .strict();

const role = z.enum(['viewer', 'reader', 'operator', 'admin']);

/** Hides fields of messages from roles below operator, on topics/queues whose name matches `resource`. */
const maskingRule = z
  .object({
    resource: z.string().min(1).max(500),
    /** Dotted JSON paths into the decoded value, e.g. card.number or items.*.email ("*" matches any key or index). */
    fields: z.array(z.string().min(1).max(200)).default([]),
    /** Message header names, matched case-insensitively. */
    headers: z.array(z.string().min(1).max(200)).default([]),
  })
  .strict()
  .superRefine((rule, ctx) => {
    try {
      new RegExp(rule.resource);
    } catch {
      ctx.addIssue({ code: 'custom', path: ['resource'], message: 'must be a valid regular expression' });
    }
  });

/** A local schema file for a topic's keys or values (docs/schemas.md). */
const schemaRef = z
  .object({
    format: z.enum(SCHEMA_FORMATS),
    /** .avsc, .proto or a FileDescriptorSet (.desc/.pb), or a JSON Schema file; relative to the config file's folder. */
    file: z.string().min(1).max(1000),
    /** Protobuf: the message type (package.Message); absent: the file's first message. */
    messageType: z.string().min(1).max(500).optional(),
    /**
     * The schema id that Confluent-framed records carry for this schema (its id in the registry that writers use).
     * Records produced with this schema carry it in their header; without it they are written unframed.
     */
    id: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  })
  .strict()
  .superRefine((ref, ctx) => {
    if (ref.messageType && ref.format !== 'protobuf') ctx.addIssue({ code: 'custom', path: ['messageType'], message: 'only for format protobuf' });
  });

/** Schemas of the topics whose whole name matches `topic` (a regular expression); the first matching entry wins. */
const topicSchemas = z
  .object({
    topic: z.string().min(1).max(500),
    key: schemaRef.optional(),
    value: schemaRef.optional(),
    /**
     * What to try, in order: `confluent` (magic byte 0 and a schema id this connection knows), `local` (the whole
     * bytes in this entry's schema, no header). A record none of them fits is shown as binary with the reasons.
     */
    detect: z.array(z.enum(SCHEMA_DETECTION)).min(1).max(SCHEMA_DETECTION.length).default([...SCHEMA_DETECTION]),
  })
  .strict()
  .superRefine((entry, ctx) => {
    try {
      new RegExp(entry.topic);
    } catch {
      ctx.addIssue({ code: 'custom', path: ['topic'], message: 'must be a valid regular expression' });
    }
    if (!entry.key && !entry.value) ctx.addIssue({ code: 'custom', path: [], message: 'needs a key or a value schema' });
    if (new Set(entry.detect).size !== entry.detect.length) ctx.addIssue({ code: 'custom', path: ['detect'], message: 'lists a method twice' });
  });

const common = {
  id,
  name: z.string().min(1).optional(),
  readOnly: z.boolean().default(false),
  masking: z.array(maskingRule).default([]),
  /** How often the shared sampler polls this connection. */
  sampleIntervalMs: z.number().int().min(1000).max(300_000).default(5000),
};

export const kafkaConnectionSchema = z
  .object({
    ...common,
    kind: z.literal('kafka'),
    brokers: z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port')).min(1),
    clientId: z.string().min(1).default('wharf'),
    sasl: kafkaSasl.optional(),
    tls: tls.optional(),
    /** Avro, Protobuf and JSON Schema decoding of keys and values, per topic. */
    schemas: z.array(topicSchemas).default([]),
  })
  .strict()
  .superRefine((c, ctx) => {
    // Confluent framing names a schema by id alone: one id must mean one schema on a connection.
    const byId = new Map<number, string>();
    c.schemas.forEach((entry, i) => {
      for (const side of ['key', 'value'] as const) {
        const ref = entry[side];
        if (!ref || ref.id === undefined) continue;
        const same = `${ref.format}:${ref.file}:${ref.messageType ?? ''}`;
        const seen = byId.get(ref.id);
        if (seen !== undefined && seen !== same) ctx.addIssue({ code: 'custom', path: ['schemas', i, side, 'id'], message: `schema id ${ref.id} is given to two different schemas` });
        byId.set(ref.id, same);
      }
    });
  });

export const rabbitmqConnectionSchema = z
  .object({
    ...common,
    kind: z.literal('rabbitmq'),
    amqpUrl: z.url({ protocol: /^amqps?$/, error: 'must be an amqp:// or amqps:// URL' }),
    managementUrl: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
    username: z.string().min(1).default('guest'),
    password: z.string().min(1).default('guest'),
  })
  .strict();

const configUser = z
  .object({
    username: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, 'must be letters, digits, dot, dash, underscore or @'),
    /** A bcrypt hash from `npm run wharf -- hash-password`; never a plain password. */
    passwordHash: z.string().regex(/^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/, 'must be a bcrypt hash (npm run wharf -- hash-password)'),
    /** Role on every connection; null means none except the ones listed under `connections`. */
    role: role.nullable().default('viewer'),
    connections: z.record(z.string(), role).default({}),
  })
  .strict();

const oidc = z
  .object({
    issuer: z.url({ protocol: /^https?$/ }),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    /** Where the provider sends users back; defaults to <origin>/api/auth/oidc/callback of the request. */
    redirectUrl: z.url({ protocol: /^https?$/ }).optional(),
    scopes: z.array(z.string().min(1)).default(['openid', 'profile', 'email']),
    usernameClaim: z.string().min(1).default('preferred_username'),
    /** Claim holding role names ("operator") or per-connection grants ("local-kafka:operator"). */
    rolesClaim: z.string().min(1).default('wharf_roles'),
    /** Role for a signed-in user whose claim names none. */
    defaultRole: role.nullable().default(null),
  })
  .strict();

export const authSchema = z
  .object({
    /** Signs session cookies; at least 32 characters. Missing: generated once and kept in the data folder. */
    sessionSecret: z.string().min(32, 'must be at least 32 characters').optional(),
    sessionTtlMinutes: z.number().int().min(5).max(7 * 24 * 60).default(8 * 60),
    users: z.array(configUser).default([]),
    oidc: oidc.optional(),
  })
  .strict()
  .superRefine((auth, ctx) => {
    const seen = new Set<string>();
    auth.users.forEach((u, i) => {
      if (seen.has(u.username)) ctx.addIssue({ code: 'custom', path: ['users', i, 'username'], message: `duplicate username "${u.username}"` });
      seen.add(u.username);
    });
  });

export const connectionConfigSchema = z.discriminatedUnion('kind', [kafkaConnectionSchema, rabbitmqConnectionSchema]);

export const configSchema = z
  .object({
    server: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(1).max(65535).default(3000),
      })
      .strict()
      .default({ host: '127.0.0.1', port: 3000 }),
    dataDir: z.string().min(1).default('.data/wharf'),
    /** Login and roles. Absent: no login, and Wharf only listens on loopback. */
    auth: authSchema.optional(),
    connections: z.array(connectionConfigSchema).min(1),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.connections.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: ['connections', i, 'id'], message: `duplicate id "${c.id}"` });
      seen.add(c.id);
    });
    // A grant on a connection that does not exist is almost always a typo that would silently deny access.
    config.auth?.users.forEach((u, i) => {
      for (const cid of Object.keys(u.connections)) {
        if (!seen.has(cid)) ctx.addIssue({ code: 'custom', path: ['auth', 'users', i, 'connections', cid], message: `unknown connection "${cid}"` });
      }
    });
  });

export type Config = z.infer<typeof configSchema>;
export type AuthConfig = z.infer<typeof authSchema>;
export type MaskingRule = z.infer<typeof maskingRule>;
export type SchemaRef = z.infer<typeof schemaRef>;
export type TopicSchemasConfig = z.infer<typeof topicSchemas>;
export type ConnectionConfig = z.infer<typeof connectionConfigSchema>;
export type KafkaConnectionConfig = z.infer<typeof kafkaConnectionSchema>;
export type RabbitmqConnectionConfig = z.infer<typeof rabbitmqConnectionSchema>;
