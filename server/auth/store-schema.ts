import 'server-only';
import type { SqlDriver } from '../store/driver';
import { migrate, type Migration } from '../store/migrations';
import { getStore } from '../store/store';

/**
 * Tables for users and the audit log. They are recorded in the store's own wharf_migrations table, in an id range
 * (1000+) of their own so they never collide with the store's migrations. Append-only, like those.
 */
export const AUTH_MIGRATIONS: Migration[] = [
  {
    id: 1001,
    name: 'auth_users',
    sql: [
      `CREATE TABLE wharf_users (
         username         text        PRIMARY KEY,
         password_hash    text        NOT NULL,
         default_role     text,
         connection_roles jsonb       NOT NULL DEFAULT '{}'::jsonb,
         created_at       timestamptz NOT NULL DEFAULT now()
       )`,
    ],
  },
  {
    id: 1002,
    name: 'audit_log',
    sql: [
      `CREATE TABLE wharf_audit (
         id         bigserial   PRIMARY KEY,
         at         timestamptz NOT NULL DEFAULT now(),
         username   text        NOT NULL,
         ip         text,
         method     text        NOT NULL,
         path       text        NOT NULL,
         route      text,
         connection text,
         target     jsonb       NOT NULL DEFAULT '{}'::jsonb,
         params     jsonb       NOT NULL DEFAULT '{}'::jsonb,
         status     integer     NOT NULL,
         outcome    text        NOT NULL,
         counts     jsonb       NOT NULL DEFAULT '{}'::jsonb
       )`,
      `CREATE INDEX wharf_audit_at ON wharf_audit (at DESC)`,
      `CREATE INDEX wharf_audit_user_at ON wharf_audit (username, at DESC)`,
      `CREATE INDEX wharf_audit_connection_at ON wharf_audit (connection, at DESC)`,
    ],
  },
  {
    // Shared by replicas: the session secret (when the config has none) and failed sign-ins.
    id: 1003,
    name: 'replica_shared_state',
    sql: [
      `CREATE TABLE wharf_settings (
         key   text PRIMARY KEY,
         value text NOT NULL
       )`,
      `CREATE TABLE wharf_login_failures (
         key text   NOT NULL,
         at  bigint NOT NULL
       )`,
      `CREATE INDEX wharf_login_failures_key_at ON wharf_login_failures (key, at)`,
    ],
  },
];

/** Applies the auth migrations not yet applied (ids from 1000, beside the store's own in wharf_migrations). */
export function migrateAuth(db: SqlDriver): Promise<number[]> {
  return migrate(db, AUTH_MIGRATIONS);
}

const DB_KEY = Symbol.for('wharf.auth-db');
type GlobalWithDb = typeof globalThis & { [DB_KEY]?: Promise<SqlDriver> };

/** The process-wide store's driver with the auth tables in place. */
export function getAuthDb(): Promise<SqlDriver> {
  const g = globalThis as GlobalWithDb;
  g[DB_KEY] ??= getStore().then(
    async (store) => {
      await migrateAuth(store.driver);
      return store.driver;
    },
    (err: unknown) => {
      delete g[DB_KEY];
      throw err;
    },
  );
  return g[DB_KEY];
}

/** Forget the cached driver (tests that close and reopen the store). */
export function resetAuthDb(): void {
  delete (globalThis as GlobalWithDb)[DB_KEY];
}
