import 'server-only';
import { z } from 'zod';
import { maskUri, maskUrisIn, type CreateShovel, type Shovel, type ShovelEnd, type ShovelList, type ShovelPreview } from '@/lib/contracts/rabbitmq-shovels';
import { BadRequestError, ConflictError, NotFoundError } from '../http/errors';
import { named } from './browse';
import type { RabbitmqConnector } from './connector';
import { assertWritable } from './guard';
import { mgmtPath } from './management-client';
import {
  mgmtQueueDepthSchema,
  mgmtShovelParameterListSchema,
  mgmtShovelParameterSchema,
  mgmtShovelStatusListSchema,
  type MgmtShovelDefinition,
  type MgmtShovelParameter,
  type MgmtShovelStatus,
} from './shovel-schemas';

const list = (u: string | string[] | undefined): string[] => (u === undefined ? [] : Array.isArray(u) ? u : [u]);
const orNull = <T,>(v: T | undefined): T | null => v ?? null;

/** Erlang terms come formatted ("\"needed a restart\""): the outer quotes of a plain string are noise. */
export function cleanReason(reason: string | undefined): string | null {
  if (!reason) return null;
  const m = /^"(.*)"$/s.exec(reason);
  return m ? m[1] : reason;
}

function deleteAfterOf(d: MgmtShovelDefinition): Shovel['deleteAfter'] {
  const v = d['src-delete-after'] ?? d['delete-after'];
  if (v === undefined) return null;
  if (typeof v === 'number') return v;
  if (v === 'never' || v === 'queue-length') return v;
  // The API takes numbers as strings too ("100").
  return /^\d+$/.test(v) ? Number(v) : null;
}

function endOf(status: MgmtShovelStatus | undefined, def: MgmtShovelDefinition | undefined, side: 'src' | 'dest'): ShovelEnd {
  const s = status as Record<string, unknown> | undefined;
  const d = def as Record<string, unknown> | undefined;
  const pick = (field: string): string | null => {
    const fromStatus = s?.[`${side}_${field.replaceAll('-', '_')}`];
    if (typeof fromStatus === 'string') return fromStatus;
    const fromDef = d?.[`${side}-${field}`];
    return typeof fromDef === 'string' ? fromDef : null;
  };
  // The definition's URIs carry credentials (masked here); the status's are stripped of them by the broker already.
  const statusUri = side === 'src' ? status?.src_uri : status?.dest_uri;
  const uris = (def ? list(side === 'src' ? def['src-uri'] : def['dest-uri']) : statusUri ? [statusUri] : []).map(maskUri);
  return {
    uris,
    protocol: pick('protocol'),
    queue: pick('queue') ?? pick('address'),
    exchange: pick('exchange'),
    routingKey: pick('exchange-key'),
  };
}

/** A shovel from its status entry, its definition (dynamic shovels), or both. */
export function toShovel(status: MgmtShovelStatus | undefined, param: MgmtShovelParameter | undefined): Shovel {
  const def = param?.value;
  const name = status?.name ?? param?.name ?? '';
  return {
    name,
    vhost: status?.vhost ?? param?.vhost ?? null,
    type: status?.type ?? 'dynamic',
    state: status?.state ?? null,
    node: orNull(status?.node),
    timestamp: orNull(status?.timestamp),
    source: endOf(status, def, 'src'),
    destination: endOf(status, def, 'dest'),
    ackMode: orNull(def?.['ack-mode']),
    deleteAfter: def ? (deleteAfterOf(def) ?? 'never') : null,
    prefetch: orNull(def?.['src-prefetch-count'] ?? def?.['prefetch-count']),
    reconnectDelay: orNull(def?.['reconnect-delay']),
    reason: cleanReason(status?.reason),
    messagesTransferred: orNull(status?.forwarded),
  };
}

const key = (vhost: string | null | undefined, name: string) => `${vhost ?? ''}\u0000${name}`;

/** Status entries and definitions joined: a definition whose shovel has not reported yet is listed with state null. */
export function joinShovels(statuses: MgmtShovelStatus[], params: MgmtShovelParameter[]): Shovel[] {
  const defs = new Map(params.map((p) => [key(p.vhost, p.name), p]));
  const seen = new Set<string>();
  const out = statuses.map((s) => {
    const k = key(s.type === 'static' ? null : s.vhost, s.name);
    seen.add(k);
    return toShovel(s, s.type === 'static' ? undefined : defs.get(k));
  });
  for (const p of params) if (!seen.has(key(p.vhost, p.name))) out.push(toShovel(undefined, p));
  return out.sort((a, b) => (a.vhost ?? '').localeCompare(b.vhost ?? '') || a.name.localeCompare(b.name));
}

/** A 404 on a list is a vhost that does not exist, or a broker without rabbitmq_shovel_management. */
function listed<T>(vhost: string | undefined, work: Promise<T>): Promise<T> {
  return work.catch((e: unknown) => {
    if (!(e instanceof NotFoundError)) throw e;
    throw new NotFoundError(`${vhost ? `vhost "${vhost}" not found, or ` : ''}the broker serves no shovels (is the rabbitmq_shovel_management plugin enabled?)`);
  });
}

export async function listShovels(c: RabbitmqConnector, vhost: string | undefined): Promise<ShovelList> {
  const where = vhost ? `/${mgmtPath(vhost)}` : '';
  const [statuses, params] = await Promise.all([
    listed(vhost, c.management.get(`shovels${where}`, mgmtShovelStatusListSchema)),
    listed(vhost, c.management.get(`parameters/shovel${where}`, mgmtShovelParameterListSchema)),
  ]);
  return { shovels: joinShovels(statuses, params) };
}

async function definitionOf(c: RabbitmqConnector, vhost: string, name: string): Promise<MgmtShovelParameter | undefined> {
  try {
    return await c.management.get(`parameters/shovel/${mgmtPath(vhost, name)}`, mgmtShovelParameterSchema);
  } catch (e) {
    if (e instanceof NotFoundError) return undefined;
    throw e;
  }
}

export async function getShovel(c: RabbitmqConnector, vhost: string, name: string): Promise<Shovel> {
  // 3.10 answers GET /api/shovels/vhost/{vhost}/{name} with every shovel of the vhost: the name is matched here.
  const [statuses, param] = await Promise.all([
    c.management.get(`shovels/${mgmtPath(vhost)}`, mgmtShovelStatusListSchema).catch((e: unknown) => {
      if (e instanceof NotFoundError) return [];
      throw e;
    }),
    definitionOf(c, vhost, name),
  ]);
  const status = statuses.find((s) => s.name === name && s.type !== 'static');
  if (!status && !param) throw new NotFoundError(`shovel "${name}" in vhost "${vhost}" not found`);
  return toShovel(status, param);
}

/** A vhost of this broker is reached by a direct (in-node) connection: no credentials are stored for it. */
export function localUri(vhost: string): string {
  return vhost === '/' ? 'amqp://' : `amqp:///${encodeURIComponent(vhost)}`;
}

const vhostNameSchema = z.object({ name: z.string() });

type Endpoint = { vhost?: string; uri?: string };
const uriOf = (e: Endpoint, shovelVhost: string) => e.uri ?? localUri(e.vhost ?? shovelVhost);
const locationOf = (e: Endpoint, shovelVhost: string) => (e.uri ? maskUri(e.uri) : `vhost "${e.vhost ?? shovelVhost}" of this broker`);

/** The runtime parameter's value for a new shovel, in 3.10's names. */
export function shovelDefinition(b: CreateShovel): Record<string, string | number> {
  const src = b.source;
  const dest = b.destination;
  return {
    'src-protocol': 'amqp091',
    'src-uri': uriOf(src, b.vhost),
    ...(src.kind === 'queue' ? { 'src-queue': src.queue } : { 'src-exchange': src.exchange, 'src-exchange-key': src.routingKey }),
    'src-prefetch-count': b.prefetch,
    'src-delete-after': b.deleteAfter,
    'dest-protocol': 'amqp091',
    'dest-uri': uriOf(dest, b.vhost),
    ...(dest.kind === 'queue' ? { 'dest-queue': dest.queue } : { 'dest-exchange': dest.exchange, ...(dest.routingKey ? { 'dest-exchange-key': dest.routingKey } : {}) }),
    'ack-mode': b.ackMode,
    'reconnect-delay': b.reconnectDelay,
  };
}

/** A shovel into a vhost that does not exist is accepted by the broker and then never starts: a 404 first. */
async function assertVhosts(c: RabbitmqConnector, b: CreateShovel): Promise<void> {
  const local = new Set([b.vhost, ...[b.source, b.destination].filter((e) => !e.uri).map((e) => e.vhost ?? b.vhost)]);
  await Promise.all([...local].map((v) => named(`vhost "${v}"`, c.management.get(`vhosts/${mgmtPath(v)}`, vhostNameSchema))));
}

/** What a new shovel will move: the source queue's depth now (when it is on this broker) and when it stops. */
export async function previewShovel(c: RabbitmqConnector, b: CreateShovel): Promise<ShovelPreview> {
  const src = b.source;
  const srcVhost = src.vhost ?? b.vhost;
  await assertVhosts(c, b);
  const [exists, depthRead] = await Promise.all([
    definitionOf(c, b.vhost, b.name).then(Boolean),
    src.kind === 'queue' && !src.uri
      ? // Not ?columns=: 3.10 answers [] for a queue whose stats have not been emitted yet.
        c.management.get(`queues/${mgmtPath(srcVhost, src.queue)}`, mgmtQueueDepthSchema).then(
          (q) => ({ depth: q.messages ?? null, declared: false }),
          (e: unknown) => {
            if (e instanceof NotFoundError) return { depth: null, declared: true };
            throw e;
          },
        )
      : Promise.resolve({ depth: null, declared: false }),
  ]);
  const { depth, declared } = depthRead;
  const willMove = b.deleteAfter === 'never' ? null : b.deleteAfter === 'queue-length' ? (declared ? 0 : depth) : b.deleteAfter;
  const srcName = src.kind === 'queue' ? src.queue : src.exchange;
  const dest = b.destination;
  const destName = dest.kind === 'queue' ? dest.queue : dest.exchange;
  const what =
    src.kind === 'exchange'
      ? `messages published to exchange "${src.exchange}" with routing key "${src.routingKey}" from now on`
      : depth === null
        ? declared
          ? `messages arriving in queue "${src.queue}" (it does not exist yet: the shovel declares it)`
          : `messages of queue "${src.queue}" on another broker (its depth cannot be read from here)`
        : `the ${depth} message${depth === 1 ? '' : 's'} in queue "${src.queue}" now, and any that arrive`;
  const stop =
    b.deleteAfter === 'never'
      ? 'It runs until deleted.'
      : b.deleteAfter === 'queue-length'
        ? `It deletes itself after moving what the queue holds when it starts${depth === null ? '' : ` (${depth} now)`}.`
        : `It deletes itself after moving ${b.deleteAfter} message${b.deleteAfter === 1 ? '' : 's'}.`;
  return {
    name: b.name,
    vhost: b.vhost,
    exists,
    source: { location: locationOf(src, b.vhost), kind: src.kind, name: srcName, depth, declared },
    destination: { location: locationOf(dest, b.vhost), kind: dest.kind, name: destName, routingKey: dest.kind === 'exchange' ? (dest.routingKey ?? null) : null },
    ackMode: b.ackMode,
    deleteAfter: b.deleteAfter,
    prefetch: b.prefetch,
    willMove,
    summary: `Moves ${what} to ${dest.kind} "${destName}" (${locationOf(dest, b.vhost)}), acknowledging ${b.ackMode}. ${stop}`,
  };
}

/** The broker's reasons may quote a URI it was given, password included. */
async function masked<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof Error) e.message = maskUrisIn(e.message);
    throw e;
  }
}

export async function createShovel(c: RabbitmqConnector, b: CreateShovel): Promise<void> {
  assertWritable(c);
  await assertVhosts(c, b);
  // PUT on an existing parameter replaces it silently: a second shovel of the same name is refused instead.
  if (await named(`vhost "${b.vhost}"`, definitionOf(c, b.vhost, b.name))) throw new ConflictError(`A shovel named "${b.name}" exists already in vhost "${b.vhost}"`);
  await masked(named(`vhost "${b.vhost}"`, c.management.send('PUT', `parameters/shovel/${mgmtPath(b.vhost, b.name)}`, { component: 'shovel', vhost: b.vhost, name: b.name, value: shovelDefinition(b) })));
}

export async function deleteShovel(c: RabbitmqConnector, vhost: string, name: string, confirm: string): Promise<void> {
  assertWritable(c);
  if (confirm !== name) throw new BadRequestError(`Type the name "${name}" to confirm (confirm parameter does not match)`);
  if (!(await definitionOf(c, vhost, name))) throw new NotFoundError(`dynamic shovel "${name}" in vhost "${vhost}" not found (static shovels are removed from the node's configuration)`);
  await named(`shovel "${name}" in vhost "${vhost}"`, c.management.send('DELETE', `parameters/shovel/${mgmtPath(vhost, name)}`));
}

export async function restartShovel(c: RabbitmqConnector, vhost: string, name: string): Promise<void> {
  assertWritable(c);
  await named(`shovel "${name}" in vhost "${vhost}"`, c.management.send('DELETE', `shovels/vhost/${mgmtPath(vhost, name)}/restart`));
}
