import 'server-only';
import type { z } from 'zod';
import type { createUserBodySchema, userSummarySchema } from '@/lib/contracts/auth';
import { getConfig } from '../config/load';
import { BadRequestError, ConflictError } from '../http/errors';
import { hashPassword } from './passwords';
import { getAuthDb } from './store-schema';
import { UserStore } from './users';

type UserSummary = z.infer<typeof userSummarySchema>;

export async function listUsers(): Promise<UserSummary[]> {
  const fromConfig: UserSummary[] = (getConfig().auth?.users ?? []).map((u) => ({ username: u.username, source: 'config', defaultRole: u.role, connectionRoles: u.connections }));
  const names = new Set(fromConfig.map((u) => u.username));
  const fromStore = (await new UserStore(await getAuthDb()).list())
    .filter((u) => !names.has(u.username))
    .map((u): UserSummary => ({ username: u.username, source: 'store', defaultRole: u.defaultRole, connectionRoles: u.connectionRoles }));
  return [...fromConfig, ...fromStore];
}

export async function createStoreUser(input: z.infer<typeof createUserBodySchema>): Promise<void> {
  const config = getConfig();
  if (config.auth?.users.some((u) => u.username === input.username)) throw new ConflictError(`User "${input.username}" is defined in the config file`);
  const known = new Set(config.connections.map((c) => c.id));
  const unknown = Object.keys(input.connectionRoles).find((c) => !known.has(c));
  if (unknown) throw new BadRequestError(`Invalid body field connectionRoles: unknown connection "${unknown}"`);
  await new UserStore(await getAuthDb()).create({ ...input, passwordHash: await hashPassword(input.password) });
}

export async function deleteStoreUser(username: string): Promise<void> {
  if (getConfig().auth?.users.some((u) => u.username === username)) throw new BadRequestError(`User "${username}" is defined in the config file; remove it there`);
  await new UserStore(await getAuthDb()).delete(username);
}
