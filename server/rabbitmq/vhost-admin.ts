import 'server-only';
import type { z } from 'zod';
import {
  PREVIEW_LIST_MAX,
  vhostLimitNameSchema,
  type CreateVhostBody,
  type OpenConnection,
  type UpdateVhostBody,
  type VhostAdmin,
  type VhostAdminDetail,
  type VhostAdminList,
  type VhostDeletePreview,
} from '@/lib/contracts/rabbitmq-access';
import { describeBrokerError } from '../connections/broker-error';
import { BadRequestError, ConflictError, NotFoundError } from '../http/errors';
import { logger } from '../logger';
import {
  mgmtConnectionBriefListSchema,
  mgmtCountPageSchema,
  mgmtExchangeBriefListSchema,
  mgmtPermissionListSchema,
  mgmtQueueBriefPageSchema,
  mgmtVersionSchema,
  mgmtVhostAdminListSchema,
  mgmtVhostLimitsListSchema,
  mgmtVhostSchema,
  type MgmtVhost,
} from './access-schemas';
import { named } from './browse';
import type { RabbitmqConnector } from './connector';
import { assertWritable } from './guard';
import { mgmtPath } from './management-client';

const VHOST_COLUMNS = 'name,description,tags,default_queue_type,messages,messages_ready,messages_unacknowledged';
/** Counting a vhost's queues and exchanges is two small paged calls each; a few vhosts at a time. */
const COUNT_CONCURRENCY = 4;

const vhostWhat = (vhost: string) => `vhost "${vhost}"`;

/** The vhost Wharf's AMQP URL opens: its path, "/" when there is none. */
export function wharfVhost(c: RabbitmqConnector): string {
  const path = new URL(c.config.amqpUrl).pathname;
  if (path === '' || path === '/') return '/';
  try {
    return decodeURIComponent(path.slice(1));
  } catch {
    return path.slice(1);
  }
}

/** The vhost, or a 404 naming it. */
export function requireVhost(c: RabbitmqConnector, vhost: string): Promise<MgmtVhost> {
  return named(vhostWhat(vhost), c.management.get(`vhosts/${mgmtPath(vhost)}?columns=${VHOST_COLUMNS}`, mgmtVhostSchema));
}

export function toOpenConnection(c: z.infer<typeof mgmtConnectionBriefListSchema>[number]): OpenConnection {
  const props = c.client_properties;
  const clientName = props && !Array.isArray(props) && typeof props.connection_name === 'string' ? props.connection_name : null;
  return { name: c.name, user: c.user ?? null, vhost: c.vhost ?? null, clientName };
}

/** RabbitMQ 3.11 added a vhost's default queue type; 3.10 accepts the field and ignores it. */
async function defaultQueueTypeSupported(c: RabbitmqConnector): Promise<boolean> {
  const { rabbitmq_version: v } = await c.management.get('overview?columns=rabbitmq_version', mgmtVersionSchema);
  const [major, minor] = (v ?? '').split('.').map(Number);
  return major > 3 || (major === 3 && minor >= 11);
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** How many queues or exchanges a vhost holds, from a page of one; null (unknown) when the broker did not say. */
async function countIn(c: RabbitmqConnector, kind: 'queues' | 'exchanges', vhost: string): Promise<number | null> {
  try {
    return (await c.management.get(`${kind}/${mgmtPath(vhost)}?page=1&page_size=1&columns=name`, mgmtCountPageSchema)).total_count;
  } catch (e) {
    if (!(e instanceof NotFoundError)) logger.warn({ connection: c.config.id, vhost, err: describeBrokerError(e) }, `counting ${kind} of a vhost failed`);
    return null;
  }
}

const dqt = (v: string | undefined) => (v && v !== 'undefined' ? v : null);

function toVhostAdmin(v: MgmtVhost, limits: Record<string, number> | undefined, counts: { queues: number | null; exchanges: number | null; connections: number | null }): VhostAdmin {
  return {
    name: v.name,
    description: v.description ?? '',
    tags: v.tags ?? [],
    defaultQueueType: dqt(v.default_queue_type),
    limits: { maxConnections: limits?.['max-connections'] ?? null, maxQueues: limits?.['max-queues'] ?? null },
    messages: v.messages ?? null,
    ready: v.messages_ready ?? null,
    unacked: v.messages_unacknowledged ?? null,
    ...counts,
  };
}

export async function listVhostsAdmin(c: RabbitmqConnector): Promise<VhostAdminList> {
  const [vhosts, limits, connections, supported] = await Promise.all([
    c.management.get(`vhosts?columns=${VHOST_COLUMNS}`, mgmtVhostAdminListSchema),
    c.management.get('vhost-limits', mgmtVhostLimitsListSchema),
    c.management.get('connections?columns=vhost', mgmtConnectionBriefListSchema.element.pick({ vhost: true }).array()),
    defaultQueueTypeSupported(c),
  ]);
  const limitsOf = new Map(limits.map((l) => [l.vhost, l.value]));
  const connectionsOf = new Map<string, number>();
  for (const conn of connections) if (conn.vhost !== undefined) connectionsOf.set(conn.vhost, (connectionsOf.get(conn.vhost) ?? 0) + 1);
  const counts = await mapLimit(vhosts, COUNT_CONCURRENCY, async (v) => {
    const [queues, exchanges] = await Promise.all([countIn(c, 'queues', v.name), countIn(c, 'exchanges', v.name)]);
    return { queues, exchanges, connections: connectionsOf.get(v.name) ?? 0 };
  });
  return {
    vhosts: vhosts.map((v, i) => toVhostAdmin(v, limitsOf.get(v.name), counts[i])).sort((a, b) => a.name.localeCompare(b.name)),
    defaultQueueTypeSupported: supported,
    wharfVhost: wharfVhost(c),
  };
}

export async function getVhostAdmin(c: RabbitmqConnector, vhost: string): Promise<VhostAdminDetail> {
  const v = await requireVhost(c, vhost);
  const p = mgmtPath(vhost);
  const what = vhostWhat(vhost);
  const [limits, permissions, connections, queues, exchanges, supported] = await Promise.all([
    named(what, c.management.get(`vhost-limits/${p}`, mgmtVhostLimitsListSchema)),
    named(what, c.management.get(`vhosts/${p}/permissions`, mgmtPermissionListSchema)),
    named(what, c.management.get(`vhosts/${p}/connections?columns=name`, mgmtConnectionBriefListSchema)),
    countIn(c, 'queues', vhost),
    countIn(c, 'exchanges', vhost),
    defaultQueueTypeSupported(c),
  ]);
  return {
    vhost: toVhostAdmin(v, limits[0]?.value, { queues, exchanges, connections: connections.length }),
    permissions: permissions.map((x) => ({ vhost: x.vhost, user: x.user, configure: x.configure, write: x.write, read: x.read })).sort((a, b) => a.user.localeCompare(b.user)),
    defaultQueueTypeSupported: supported,
  };
}

async function checkDefaultQueueType(c: RabbitmqConnector, type: string | undefined): Promise<void> {
  if (type === undefined || (await defaultQueueTypeSupported(c))) return;
  throw new BadRequestError('Invalid body field defaultQueueType: this broker does not support a default queue type per vhost (RabbitMQ 3.11 or later does)');
}

const vhostBody = (b: { description?: string; tags: string[]; defaultQueueType?: string }) => ({
  description: b.description ?? '',
  tags: b.tags.join(','),
  ...(b.defaultQueueType ? { default_queue_type: b.defaultQueueType } : {}),
});

export async function createVhost(c: RabbitmqConnector, body: CreateVhostBody): Promise<void> {
  assertWritable(c);
  const exists = await requireVhost(c, body.name).then(
    () => true,
    (e: unknown) => {
      if (e instanceof NotFoundError) return false;
      throw e;
    },
  );
  if (exists) throw new ConflictError(`vhost "${body.name}" already exists`);
  await checkDefaultQueueType(c, body.defaultQueueType);
  await c.management.send('PUT', `vhosts/${mgmtPath(body.name)}`, vhostBody(body));
}

/** Replaces the description and tags (the broker keeps no part of either when they are left out). */
export async function updateVhost(c: RabbitmqConnector, vhost: string, body: UpdateVhostBody): Promise<void> {
  assertWritable(c);
  await requireVhost(c, vhost);
  await checkDefaultQueueType(c, body.defaultQueueType);
  await named(vhostWhat(vhost), c.management.send('PUT', `vhosts/${mgmtPath(vhost)}`, vhostBody(body)));
}

function vhostRefusal(c: RabbitmqConnector, vhost: string): string | null {
  const own = wharfVhost(c);
  return vhost === own ? `Wharf's AMQP URL for connection "${c.config.id}" opens vhost "${own}": it cannot be deleted from Wharf` : null;
}

/** What deleting a vhost takes with it: its queues (with their messages), exchanges, open connections, permissions. */
export async function vhostDeletePreview(c: RabbitmqConnector, vhost: string): Promise<VhostDeletePreview> {
  const v = await requireVhost(c, vhost);
  const p = mgmtPath(vhost);
  const what = vhostWhat(vhost);
  const [queues, exchanges, connections, permissions] = await Promise.all([
    named(what, c.management.get(`queues/${p}?page=1&page_size=${PREVIEW_LIST_MAX}&sort=name&columns=name,type,messages`, mgmtQueueBriefPageSchema)),
    named(what, c.management.get(`exchanges/${p}?columns=name`, mgmtExchangeBriefListSchema)),
    named(what, c.management.get(`vhosts/${p}/connections?columns=name,user,vhost,client_properties`, mgmtConnectionBriefListSchema)),
    named(what, c.management.get(`vhosts/${p}/permissions`, mgmtPermissionListSchema)),
  ]);
  // Every vhost has the default exchange and the amq.* ones; they go with it but are not anyone's work.
  const declared = exchanges.map((e) => e.name).filter((n) => n !== '' && !n.startsWith('amq.'));
  return {
    vhost,
    queues: queues.items.map((q) => ({ name: q.name, type: q.type ?? null, messages: q.messages ?? null })),
    queueCount: queues.total_count,
    messages: v.messages ?? (queues.total_count === 0 ? 0 : null),
    exchanges: declared.sort().slice(0, PREVIEW_LIST_MAX),
    exchangeCount: declared.length,
    connections: connections.slice(0, PREVIEW_LIST_MAX).map(toOpenConnection),
    connectionCount: connections.length,
    users: permissions.map((x) => x.user).sort(),
    refusal: vhostRefusal(c, vhost),
  };
}

export async function deleteVhost(c: RabbitmqConnector, vhost: string, confirm: string): Promise<void> {
  assertWritable(c);
  if (confirm !== vhost) throw new BadRequestError(`Type the name "${vhost}" to confirm (confirm parameter does not match)`);
  await requireVhost(c, vhost);
  const refusal = vhostRefusal(c, vhost);
  if (refusal) throw new ConflictError(refusal);
  await named(vhostWhat(vhost), c.management.send('DELETE', `vhosts/${mgmtPath(vhost)}`));
}

/**
 * RabbitMQ 3.10's vhost-limit resource answers 406 to `Accept: application/json` alone (it offers no JSON answer for
 * a PUT or DELETE). The client always sends that header; a second Accept value (any type) is appended to it.
 */
const LIMIT_HEADERS = { Accept: '*/*' };

function limitName(name: string) {
  const parsed = vhostLimitNameSchema.safeParse(name);
  if (!parsed.success) throw new BadRequestError(`Invalid path parameter name: "${name}" is not a vhost limit (max-connections or max-queues)`);
  return parsed.data;
}

export async function setVhostLimit(c: RabbitmqConnector, vhost: string, name: string, value: number): Promise<void> {
  assertWritable(c);
  await requireVhost(c, vhost);
  await named(vhostWhat(vhost), c.management.send('PUT', `vhost-limits/${mgmtPath(vhost, limitName(name))}`, { value }, undefined, LIMIT_HEADERS));
}

export async function clearVhostLimit(c: RabbitmqConnector, vhost: string, name: string): Promise<void> {
  assertWritable(c);
  await requireVhost(c, vhost);
  await named(vhostWhat(vhost), c.management.send('DELETE', `vhost-limits/${mgmtPath(vhost, limitName(name))}`, undefined, undefined, LIMIT_HEADERS));
}
