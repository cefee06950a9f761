import 'server-only';
import { z } from 'zod';

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

const common = {
  id,
  name: z.string().min(1).optional(),
  readOnly: z.boolean().default(false),
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
  })
  .strict();

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
    connections: z.array(connectionConfigSchema).min(1),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.connections.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: ['connections', i, 'id'], message: `duplicate id "${c.id}"` });
      seen.add(c.id);
    });
  });

export type Config = z.infer<typeof configSchema>;
export type ConnectionConfig = z.infer<typeof connectionConfigSchema>;
export type KafkaConnectionConfig = z.infer<typeof kafkaConnectionSchema>;
export type RabbitmqConnectionConfig = z.infer<typeof rabbitmqConnectionSchema>;
