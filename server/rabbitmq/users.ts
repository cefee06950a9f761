import 'server-only';
import {
  PREVIEW_LIST_MAX,
  type CreateUserBody,
  type Permission,
  type PermissionBody,
  type RabbitUser,
  type TopicPermission,
  type TopicPermissionBody,
  type UpdateUserBody,
  type UserDeletePreview,
  type UserList,
} from '@/lib/contracts/rabbitmq-access';
import { BadRequestError, ConflictError, NotFoundError } from '../http/errors';
import {
  mgmtConnectionBriefListSchema,
  mgmtPermissionListSchema,
  mgmtStoredCredentialSchema,
  mgmtTopicPermissionListSchema,
  mgmtUserListSchema,
  mgmtUserSchema,
  type MgmtUser,
} from './access-schemas';
import { named } from './browse';
import type { RabbitmqConnector } from './connector';
import { assertWritable } from './guard';
import { mgmtPath } from './management-client';
import { requireVhost, toOpenConnection } from './vhost-admin';

const userWhat = (name: string) => `user "${name}"`;

/** The user Wharf's management client (and AMQP connection) signs in as. */
export const wharfUsername = (c: RabbitmqConnector) => c.config.username;

const byVhost = <T extends { vhost: string }>(a: T, b: T) => a.vhost.localeCompare(b.vhost);
const permission = (p: Permission): Permission => ({ vhost: p.vhost, user: p.user, configure: p.configure, write: p.write, read: p.read });
const topicPermission = (p: TopicPermission): TopicPermission => ({ vhost: p.vhost, user: p.user, exchange: p.exchange, write: p.write, read: p.read });

function toRabbitUser(c: RabbitmqConnector, u: MgmtUser, permissions: Permission[], topicPermissions: TopicPermission[]): RabbitUser {
  return {
    name: u.name,
    tags: u.tags,
    hasPassword: u.hasPassword,
    isWharfUser: u.name === wharfUsername(c),
    permissions: permissions.map(permission).sort(byVhost),
    topicPermissions: topicPermissions.map(topicPermission).sort(byVhost),
  };
}

/** Every user with its permissions and topic permissions on each vhost (three calls, whatever the number of users). */
export async function listUsers(c: RabbitmqConnector): Promise<UserList> {
  const [users, permissions, topic] = await Promise.all([
    c.management.get('users', mgmtUserListSchema),
    c.management.get('permissions', mgmtPermissionListSchema),
    c.management.get('topic-permissions', mgmtTopicPermissionListSchema),
  ]);
  const group = <T extends { user: string }>(list: T[]) => {
    const m = new Map<string, T[]>();
    for (const x of list) m.set(x.user, [...(m.get(x.user) ?? []), x]);
    return m;
  };
  const p = group(permissions);
  const t = group(topic);
  return {
    users: users.map((u) => toRabbitUser(c, u, p.get(u.name) ?? [], t.get(u.name) ?? [])).sort((a, b) => a.name.localeCompare(b.name)),
    wharfUser: wharfUsername(c),
  };
}

export async function getUser(c: RabbitmqConnector, name: string): Promise<RabbitUser> {
  const what = userWhat(name);
  const base = `users/${mgmtPath(name)}`;
  const [u, permissions, topic] = await Promise.all([
    named(what, c.management.get(base, mgmtUserSchema)),
    named(what, c.management.get(`${base}/permissions`, mgmtPermissionListSchema)),
    named(what, c.management.get(`${base}/topic-permissions`, mgmtTopicPermissionListSchema)),
  ]);
  return toRabbitUser(c, u, permissions, topic);
}

async function userExists(c: RabbitmqConnector, name: string): Promise<boolean> {
  try {
    await c.management.get(`users/${mgmtPath(name)}`, mgmtUserSchema);
    return true;
  } catch (e) {
    if (e instanceof NotFoundError) return false;
    throw e;
  }
}

const requireUser = (c: RabbitmqConnector, name: string) => named(userWhat(name), c.management.get(`users/${mgmtPath(name)}`, mgmtUserSchema));

/** Tags go to the broker comma-separated; an empty hash makes a passwordless user. */
export async function createUser(c: RabbitmqConnector, body: CreateUserBody): Promise<void> {
  assertWritable(c);
  if (await userExists(c, body.name)) throw new ConflictError(`user "${body.name}" already exists`);
  const credential = body.password === undefined ? { password_hash: '' } : { password: body.password };
  await c.management.send('PUT', `users/${mgmtPath(body.name)}`, { ...credential, tags: body.tags.join(',') });
}

function ownUserChange(c: RabbitmqConnector, name: string, current: string[], body: UpdateUserBody): string | null {
  if (name !== wharfUsername(c)) return null;
  const who = `Wharf connects to "${c.config.id}" as "${name}"`;
  if (body.password !== undefined || body.removePassword) return `${who}: change its password on the broker and in Wharf's configuration together, not here`;
  if (current.includes('administrator') && !body.tags.includes('administrator')) return `${who}: removing its administrator tag would take Wharf's own management access away`;
  return null;
}

/**
 * Sets a user's tags and, when given, a new password. RabbitMQ clears the password of a PUT that carries neither a
 * password nor a hash, so an edit that keeps it sends the stored hash back (read here, never returned).
 */
export async function updateUser(c: RabbitmqConnector, name: string, body: UpdateUserBody): Promise<void> {
  assertWritable(c);
  const path = `users/${mgmtPath(name)}`;
  const stored = await named(userWhat(name), c.management.get(path, mgmtStoredCredentialSchema));
  const refusal = ownUserChange(c, name, stored.tags, body);
  if (refusal) throw new ConflictError(refusal);
  const credential =
    body.password !== undefined
      ? { password: body.password }
      : body.removePassword
        ? { password_hash: '' }
        : { password_hash: stored.password_hash, ...(stored.hashing_algorithm ? { hashing_algorithm: stored.hashing_algorithm } : {}) };
  await named(userWhat(name), c.management.send('PUT', path, { ...credential, tags: body.tags.join(',') }));
}

function userRefusal(c: RabbitmqConnector, name: string): string | null {
  return name === wharfUsername(c) ? `Wharf connects to "${c.config.id}" as user "${name}": it cannot be deleted from Wharf` : null;
}

/** What deleting a user takes with it: its permissions everywhere, and its open connections (the broker closes them). */
export async function userDeletePreview(c: RabbitmqConnector, name: string): Promise<UserDeletePreview> {
  const [user, connections] = await Promise.all([
    getUser(c, name),
    // Not connections/username/{name}: it leaves out the client properties, and with them the client-provided name.
    c.management.get('connections?columns=name,user,vhost,client_properties.connection_name', mgmtConnectionBriefListSchema).then((all) => all.filter((x) => x.user === name)),
  ]);
  return {
    user: user.name,
    tags: user.tags,
    permissions: user.permissions,
    topicPermissions: user.topicPermissions,
    connections: connections.slice(0, PREVIEW_LIST_MAX).map(toOpenConnection),
    connectionCount: connections.length,
    refusal: userRefusal(c, name),
  };
}

export async function deleteUser(c: RabbitmqConnector, name: string, confirm: string): Promise<void> {
  assertWritable(c);
  if (confirm !== name) throw new BadRequestError(`Type the name "${name}" to confirm (confirm parameter does not match)`);
  const refusal = userRefusal(c, name);
  if (refusal) throw new ConflictError(refusal);
  await named(userWhat(name), c.management.send('DELETE', `users/${mgmtPath(name)}`));
}

/** The vhost first, then the user: each missing one is a 404 naming it (the broker says only "vhost_or_user_not_found"). */
async function requireBoth(c: RabbitmqConnector, name: string, vhost: string): Promise<void> {
  await requireVhost(c, vhost);
  await requireUser(c, name);
}

export async function setPermission(c: RabbitmqConnector, name: string, vhost: string, body: PermissionBody): Promise<void> {
  assertWritable(c);
  await requireBoth(c, name, vhost);
  await c.management.send('PUT', `permissions/${mgmtPath(vhost, name)}`, { configure: body.configure, write: body.write, read: body.read });
}

export async function clearPermission(c: RabbitmqConnector, name: string, vhost: string, confirm: string): Promise<void> {
  assertWritable(c);
  if (confirm !== name) throw new BadRequestError(`Type the user name "${name}" to confirm (confirm parameter does not match)`);
  await requireBoth(c, name, vhost);
  await named(`permissions of user "${name}" on vhost "${vhost}"`, c.management.send('DELETE', `permissions/${mgmtPath(vhost, name)}`));
}

export async function setTopicPermission(c: RabbitmqConnector, name: string, vhost: string, body: TopicPermissionBody): Promise<void> {
  assertWritable(c);
  await requireBoth(c, name, vhost);
  await c.management.send('PUT', `topic-permissions/${mgmtPath(vhost, name)}`, { exchange: body.exchange, write: body.write, read: body.read });
}

/** RabbitMQ's API clears a user's topic permissions on a vhost for every exchange at once. */
export async function clearTopicPermissions(c: RabbitmqConnector, name: string, vhost: string, confirm: string): Promise<void> {
  assertWritable(c);
  if (confirm !== name) throw new BadRequestError(`Type the user name "${name}" to confirm (confirm parameter does not match)`);
  await requireBoth(c, name, vhost);
  await named(`topic permissions of user "${name}" on vhost "${vhost}"`, c.management.send('DELETE', `topic-permissions/${mgmtPath(vhost, name)}`));
}
