import 'server-only';

/** The little SQL surface the store needs; PGlite and node-postgres both fit behind it with the same SQL. */
export interface SqlDriver {
  readonly kind: 'pglite' | 'postgres';
  query<R extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Runs several statements in one transaction (migrations). */
  transaction(statements: Array<{ sql: string; params?: unknown[] }>): Promise<void>;
  /**
   * Runs `fn` while holding a cluster-wide lock named `name` (PostgreSQL: a session advisory lock, so replicas
   * starting together migrate one after the other; PGlite: one process owns the folder, nothing to wait for).
   */
  exclusive<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Reclaims the space of deleted rows and old WAL, where the database does not do it by itself. */
  maintain(): Promise<void>;
  close(): Promise<void>;
}
