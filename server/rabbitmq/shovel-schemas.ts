import 'server-only';
import { z } from 'zod';

/**
 * Zod schemas for the shovel and federation answers of the management API (rabbitmq_shovel_management and
 * rabbitmq_federation_management). Only the fields Wharf uses; unknown fields are dropped, missing ones are unknown.
 */

const str = z.string().optional();
const num = z.number().optional();
/** A URI or a list of them (a shovel or upstream may name several brokers to try in turn). */
const uris = z.union([z.string(), z.array(z.string())]).optional();

/** GET /api/shovels[/{vhost}]: one entry per shovel and node. Static shovels have no vhost. */
export const mgmtShovelStatusSchema = z.object({
  name: z.string(),
  vhost: str,
  node: str,
  timestamp: str,
  type: z.string(),
  state: z.string(),
  src_uri: str,
  dest_uri: str,
  src_protocol: str,
  dest_protocol: str,
  src_queue: str,
  src_exchange: str,
  src_exchange_key: str,
  src_address: str,
  dest_queue: str,
  dest_exchange: str,
  dest_exchange_key: str,
  dest_address: str,
  reason: str,
  /** Reported by releases after 3.10 (3.10.8 reports none). */
  forwarded: num,
});
export type MgmtShovelStatus = z.infer<typeof mgmtShovelStatusSchema>;
export const mgmtShovelStatusListSchema = z.array(mgmtShovelStatusSchema);

/** The value of a "shovel" runtime parameter, in the names the broker keeps (3.x: src-*, dest-*). */
export const mgmtShovelDefinitionSchema = z.object({
  'src-uri': uris,
  'src-protocol': str,
  'src-queue': str,
  'src-exchange': str,
  'src-exchange-key': str,
  'src-address': str,
  'src-prefetch-count': num,
  'src-delete-after': z.union([z.string(), z.number()]).optional(),
  /** Older names of the same settings. */
  'prefetch-count': num,
  'delete-after': z.union([z.string(), z.number()]).optional(),
  'dest-uri': uris,
  'dest-protocol': str,
  'dest-queue': str,
  'dest-exchange': str,
  'dest-exchange-key': str,
  'dest-address': str,
  'ack-mode': str,
  'reconnect-delay': num,
});
export type MgmtShovelDefinition = z.infer<typeof mgmtShovelDefinitionSchema>;

export const mgmtShovelParameterSchema = z.object({ name: z.string(), vhost: z.string(), component: z.string().optional(), value: mgmtShovelDefinitionSchema });
export type MgmtShovelParameter = z.infer<typeof mgmtShovelParameterSchema>;
export const mgmtShovelParameterListSchema = z.array(mgmtShovelParameterSchema);

/** GET /api/federation-links[/{vhost}]. */
export const mgmtFederationLinkSchema = z.object({
  id: z.string(),
  vhost: z.string(),
  node: str,
  type: z.string(),
  exchange: str,
  queue: str,
  upstream: z.string(),
  upstream_exchange: str,
  upstream_queue: str,
  uri: str,
  status: str,
  error: str,
  timestamp: str,
});
export type MgmtFederationLink = z.infer<typeof mgmtFederationLinkSchema>;
export const mgmtFederationLinkListSchema = z.array(mgmtFederationLinkSchema);

export const mgmtFederationUpstreamSchema = z.object({
  name: z.string(),
  vhost: z.string(),
  value: z.object({
    uri: uris,
    'ack-mode': str,
    'prefetch-count': num,
    'reconnect-delay': num,
    exchange: str,
    queue: str,
    'max-hops': num,
  }),
});
export type MgmtFederationUpstream = z.infer<typeof mgmtFederationUpstreamSchema>;
export const mgmtFederationUpstreamListSchema = z.array(mgmtFederationUpstreamSchema);

/** Only the depth, for a shovel preview. */
export const mgmtQueueDepthSchema = z.object({ messages: num, messages_ready: num });
