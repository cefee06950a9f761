import { z } from 'zod';
import { connectionIdParamsSchema } from './connections';
import { vhostParamsSchema } from './rabbitmq';

/**
 * Shovels and federation links. Every URI here has its password replaced (maskUri) before it leaves the server:
 * the broker's runtime parameters hold them in clear.
 */

const MASK = '***';

/** "amqp://user:secret@host/vh" -> "amqp://user:***@host/vh"; URIs without a password are returned as they are. */
export function maskUri(uri: string): string {
  return uri.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*)@/i, (whole, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return colon < 0 ? whole : `${scheme}${userinfo.slice(0, colon)}:${MASK}@`;
  });
}

/** Every URI password in a text (a broker's error message can quote the URI it was given). */
export function maskUrisIn(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:@/?#\s]*):[^@\s]*@/gi, `$1:${MASK}@`);
}

export const shovelListQuerySchema = z.object({ vhost: z.string().min(1).max(255).optional() });

export const shovelParamsSchema = vhostParamsSchema.extend({ name: z.string().min(1).max(255) });

/** One end of a shovel as the broker reports or defines it; names are null where the other kind is used. */
export const shovelEndSchema = z.object({
  /** Masked; empty when the broker does not say (a shovel that is starting or terminated reports no URI). */
  uris: z.array(z.string()),
  protocol: z.string().nullable(),
  queue: z.string().nullable(),
  exchange: z.string().nullable(),
  routingKey: z.string().nullable(),
});
export type ShovelEnd = z.infer<typeof shovelEndSchema>;

export const ackModeSchema = z.enum(['on-confirm', 'on-publish', 'no-ack']);
export type AckMode = z.infer<typeof ackModeSchema>;

export const shovelSchema = z.object({
  name: z.string(),
  /** Null for a static shovel (configured in the node's config file, not in a vhost). */
  vhost: z.string().nullable(),
  /** dynamic (a runtime parameter) or static (the config file). */
  type: z.string(),
  /** running, starting, terminated (a newer release's states pass through); null when only the definition exists yet. */
  state: z.string().nullable(),
  node: z.string().nullable(),
  /** When the state last changed, as the node prints it ("2026-12-04 2:01:23", node local time). */
  timestamp: z.string().nullable(),
  source: shovelEndSchema,
  destination: shovelEndSchema,
  /** From the definition (dynamic shovels only); null when not known. */
  ackMode: z.string().nullable(),
  deleteAfter: z.union([z.literal('never'), z.literal('queue-length'), z.number()]).nullable(),
  prefetch: z.number().nullable(),
  reconnectDelay: z.number().nullable(),
  /** Why it terminated or the last error, as the broker words it; null when none. */
  reason: z.string().nullable(),
  /** Messages moved so far; RabbitMQ 3.10 does not report it (null: unknown). */
  messagesTransferred: z.number().nullable(),
});
export type Shovel = z.infer<typeof shovelSchema>;

export const shovelListResponseSchema = z.object({ shovels: z.array(shovelSchema) });
export type ShovelList = z.infer<typeof shovelListResponseSchema>;

const objectName = z.string().min(1).max(255);

/** Where one end is: a vhost of this broker (a direct connection, no credentials) or an AMQP URI to another broker. */
const endpointBase = {
  vhost: z.string().min(1).max(255).optional(),
  uri: z
    .string()
    .max(2000)
    .regex(/^amqps?:\/\//, 'must be an amqp:// or amqps:// URI')
    .refine((u) => URL.canParse(u), 'is not a valid URI')
    .optional(),
};

export const shovelSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('queue'), queue: objectName, ...endpointBase }),
  /** Messages published to the exchange from now on (the shovel binds a queue of its own with the routing key). */
  z.object({ kind: z.literal('exchange'), exchange: objectName, routingKey: z.string().max(255).default('#'), ...endpointBase }),
]);

export const shovelDestinationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('queue'), queue: objectName, ...endpointBase }),
  /** An empty routing key keeps each message's own. */
  z.object({ kind: z.literal('exchange'), exchange: objectName, routingKey: z.string().max(255).optional(), ...endpointBase }),
]);

const oneLocation = (e: { vhost?: string; uri?: string }) => !(e.vhost && e.uri);

export const createShovelBodySchema = z
  .object({
    /** The vhost the shovel is defined in (its runtime parameter lives there). */
    vhost: z.string().min(1).max(255),
    name: z.string().min(1).max(255).regex(/^[^\u0000-\u001f]+$/, 'must not contain control characters'),
    source: shovelSourceSchema.refine(oneLocation, 'give a vhost or a URI, not both'),
    destination: shovelDestinationSchema.refine(oneLocation, 'give a vhost or a URI, not both'),
    ackMode: ackModeSchema.default('on-confirm'),
    /** never, queue-length (what the queue holds when the shovel starts), or a number of messages. */
    deleteAfter: z.union([z.literal('never'), z.literal('queue-length'), z.number().int().min(1).max(1_000_000_000)]).default('never'),
    prefetch: z.number().int().min(1).max(65_535).default(1000),
    reconnectDelay: z.number().int().min(0).max(3600).default(5),
  })
  .refine((b) => b.deleteAfter !== 'queue-length' || b.source.kind === 'queue', { path: ['deleteAfter'], message: 'queue-length needs a queue as the source' });
export type CreateShovelBody = z.input<typeof createShovelBodySchema>;
export type CreateShovel = z.output<typeof createShovelBodySchema>;

export const shovelPreviewSchema = z.object({
  name: z.string(),
  vhost: z.string(),
  /** A shovel of that name exists already in the vhost: creating is refused (409). */
  exists: z.boolean(),
  source: z.object({
    /** Where, in words, with any password masked. */
    location: z.string(),
    kind: z.enum(['queue', 'exchange']),
    name: z.string(),
    /** Messages in the source queue now; null for an exchange, another broker's queue, or a queue yet to be declared. */
    depth: z.number().nullable(),
    /** The queue does not exist yet: the shovel declares it (durable, classic). */
    declared: z.boolean(),
  }),
  destination: z.object({ location: z.string(), kind: z.enum(['queue', 'exchange']), name: z.string(), routingKey: z.string().nullable() }),
  ackMode: ackModeSchema,
  deleteAfter: z.union([z.literal('never'), z.literal('queue-length'), z.number()]),
  prefetch: z.number(),
  /** How many messages it will move before deleting itself; null: it runs until deleted. */
  willMove: z.number().nullable(),
  summary: z.string(),
});
export type ShovelPreview = z.infer<typeof shovelPreviewSchema>;

export const createShovelResponseSchema = z.object({ ok: z.literal(true), name: z.string(), vhost: z.string() });

export const deleteShovelQuerySchema = z.object({ confirm: z.string().max(255) });

export const federationLinkSchema = z.object({
  id: z.string(),
  vhost: z.string(),
  node: z.string().nullable(),
  /** exchange or queue federation. */
  type: z.string(),
  /** The local exchange or queue the link feeds. */
  target: z.string().nullable(),
  upstream: z.string(),
  /** The exchange or queue it reads on the upstream. */
  upstreamTarget: z.string().nullable(),
  /** Masked. */
  uri: z.string().nullable(),
  /** running, starting, error, shutdown... as the broker reports it. */
  status: z.string().nullable(),
  error: z.string().nullable(),
  timestamp: z.string().nullable(),
});
export type FederationLink = z.infer<typeof federationLinkSchema>;

export const federationUpstreamSchema = z.object({
  vhost: z.string(),
  name: z.string(),
  /** Masked. */
  uris: z.array(z.string()),
  ackMode: z.string().nullable(),
  prefetch: z.number().nullable(),
  reconnectDelay: z.number().nullable(),
  exchange: z.string().nullable(),
  queue: z.string().nullable(),
  maxHops: z.number().nullable(),
});
export type FederationUpstream = z.infer<typeof federationUpstreamSchema>;

export const federationListResponseSchema = z.object({ links: z.array(federationLinkSchema), upstreams: z.array(federationUpstreamSchema) });
export type FederationList = z.infer<typeof federationListResponseSchema>;

/** name: the link's id (as the broker reports it, e.g. "f7ce28ab"). */
export const federationLinkParamsSchema = connectionIdParamsSchema.extend({ vhost: z.string().min(1).max(255), name: z.string().min(1).max(64) });

/** The node that runs the link; when absent, the node the broker reports for it. */
export const federationRestartQuerySchema = z.object({ node: z.string().min(1).max(255).optional() });

export const restartResponseSchema = z.object({ ok: z.literal(true) });
