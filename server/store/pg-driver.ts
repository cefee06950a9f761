import 'server-only';
import pg from 'pg';
import type { SqlDriver } from './driver';

/** PostgreSQL through a small pool; `schema`, when given, is created and put first on the search_path. */
export async function openPgDriver(connectionString: string, schema?: string): Promise<SqlDriver> {
  const pool = new pg.Pool({
    connectionString,
    max: 4,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    ...(schema && { options: `-c search_path=${schema}` }),
  });
  // An idle client losing its socket must not crash the server; the next query reconnects.
  pool.on('error', () => undefined);
  if (schema) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name "${schema}"`);
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  }
  return {
    kind: 'postgres',
    async query<R extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
      const res = await pool.query<R>(sql, params);
      return res.rows;
    },
    async transaction(statements) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        for (const s of statements) await client.query(s.sql, s.params ?? []);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    async exclusive(name, fn) {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [name]);
        try {
          return await fn();
        } finally {
          await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name]).catch(() => undefined);
        }
      } finally {
        client.release();
      }
    },
    async maintain() {
      // PostgreSQL's autovacuum and checkpointer do this.
    },
    async close() {
      await pool.end();
    },
  };
}
