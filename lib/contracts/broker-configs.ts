import { z } from 'zod';
import { connectionIdParamsSchema } from './connections';
import { alterTopicConfigsSchema } from './kafka';

/** A broker's node id, or "cluster" for the cluster-wide defaults (kafka-configs --entity-default). */
export const brokerScopeSchema = z.union([z.literal('cluster'), z.string().regex(/^\d{1,9}$/, 'a broker id (a number) or "cluster"').transform(Number)]);
export const brokerConfigParamsSchema = connectionIdParamsSchema.extend({ broker: brokerScopeSchema });

/** Where a broker config's value comes from, highest precedence first (DescribeConfigs ConfigSource, KIP-226). */
export const brokerConfigSourceSchema = z.enum(['broker', 'cluster-default', 'static', 'default', 'logger', 'other']);
export type BrokerConfigSource = z.infer<typeof brokerConfigSourceSchema>;

export const brokerConfigValueSchema = z.object({
  /** Null for sensitive values (masked) and for keys without a value. */
  value: z.string().nullable(),
  source: brokerConfigSourceSchema,
});

export const brokerConfigEntrySchema = brokerConfigValueSchema.extend({
  name: z.string(),
  /** The value is set at the level shown (a broker's own override, or a cluster-wide default): it can be reset. */
  setHere: z.boolean(),
  /** What the key falls back to when the value set here is reset; null when nothing is set here. */
  fallback: brokerConfigValueSchema.nullable(),
  sensitive: z.boolean(),
  /** Not dynamically updatable: a change needs server.properties and a restart. */
  readOnly: z.boolean(),
  type: z.enum(['boolean', 'string', 'int', 'short', 'long', 'double', 'list', 'class', 'password', 'unknown']),
  documentation: z.string().nullable(),
});
export type BrokerConfigEntry = z.infer<typeof brokerConfigEntrySchema>;

export const brokerConfigsSchema = z.object({
  /** The broker's id, or null for the cluster-wide defaults. */
  broker: z.number().int().nullable(),
  /**
   * For the cluster-wide view: the broker whose keys, types and lower-precedence values are shown beside the
   * defaults (static values can differ per broker; the broker pages show each one's own).
   */
  referenceBroker: z.number().int().nullable(),
  configs: z.array(brokerConfigEntrySchema),
});
export type BrokerConfigs = z.infer<typeof brokerConfigsSchema>;

/** The same incremental change as a topic's: keys to set, keys to reset; others are left as they are. */
export const alterBrokerConfigsSchema = alterTopicConfigsSchema;
export type AlterBrokerConfigsInput = z.input<typeof alterBrokerConfigsSchema>;
