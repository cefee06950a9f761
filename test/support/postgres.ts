import pg from 'pg';

/** The local PostgreSQL (trust auth on loopback), as the tests' superuser. */
const PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export type TestDatabase = { url: string; drop(): Promise<void> };

/** A database of a test's own on the local PostgreSQL; `drop` forces out sessions left open (a killed replica's). */
export async function createDatabase(name: string): Promise<TestDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  await admin(`CREATE DATABASE ${name}`);
  return { url: `postgres://postgres@127.0.0.1:5432/${name}`, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
