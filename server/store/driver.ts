import 'server-only';

/** The little SQL surface the store needs; PGlite and node-postgres both fit behind it with the same SQL. */
export interface SqlDriver {
  readonly kind: 'pglite' | 'postgres';
  query<R extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Runs several statements in one transaction (migrations). */
  transaction(statements: Array<{ sql: string; params?: unknown[] }>): Promise<void>;
  /** Reclaims the space of deleted rows and old WAL, where the database does not do it by itself. */
  maintain(): Promise<void>;
  close(): Promise<void>;
}
