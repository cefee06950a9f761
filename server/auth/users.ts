import 'server-only';
import { roleSchema, type Role } from '@/lib/contracts/auth';
import { z } from 'zod';
import type { AuthConfig } from '../config/schema';
import { ConflictError, NotFoundError } from '../http/errors';
import type { SqlDriver } from '../store/driver';
import type { Principal } from './principal';

export type LocalUser = {
  username: string;
  passwordHash: string;
  source: 'config' | 'store';
  defaultRole: Role | null;
  connectionRoles: Record<string, Role>;
};

const rowSchema = z.object({
  username: z.string(),
  password_hash: z.string(),
  default_role: roleSchema.nullable(),
  connection_roles: z.record(z.string(), roleSchema),
});

function fromRow(row: Record<string, unknown>): LocalUser {
  const r = rowSchema.parse(row);
  return { username: r.username, passwordHash: r.password_hash, source: 'store', defaultRole: r.default_role, connectionRoles: r.connection_roles };
}

/** Users kept in the store (created by an admin or with `npm run wharf -- create-admin`). */
export class UserStore {
  constructor(private readonly db: SqlDriver) {}

  async get(username: string): Promise<LocalUser | null> {
    const rows = await this.db.query('SELECT username, password_hash, default_role, connection_roles FROM wharf_users WHERE username = $1', [username]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async list(): Promise<LocalUser[]> {
    const rows = await this.db.query('SELECT username, password_hash, default_role, connection_roles FROM wharf_users ORDER BY username');
    return rows.map(fromRow);
  }

  async create(user: Omit<LocalUser, 'source'>): Promise<void> {
    const rows = await this.db.query(
      `INSERT INTO wharf_users (username, password_hash, default_role, connection_roles) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (username) DO NOTHING RETURNING username`,
      [user.username, user.passwordHash, user.defaultRole, JSON.stringify(user.connectionRoles)],
    );
    if (rows.length === 0) throw new ConflictError(`User "${user.username}" already exists`);
  }

  async delete(username: string): Promise<void> {
    const rows = await this.db.query('DELETE FROM wharf_users WHERE username = $1 RETURNING username', [username]);
    if (rows.length === 0) throw new NotFoundError(`No user "${username}" in the store`);
  }
}

/** A config-file user wins over a store user of the same name: the file is what the operator controls. */
export function configUser(auth: AuthConfig, username: string): LocalUser | null {
  const u = auth.users.find((x) => x.username === username);
  return u ? { username: u.username, passwordHash: u.passwordHash, source: 'config', defaultRole: u.role, connectionRoles: u.connections } : null;
}

export function toPrincipal(u: LocalUser): Principal {
  return { username: u.username, source: u.source, defaultRole: u.defaultRole, connectionRoles: u.connectionRoles };
}
