import 'server-only';
import path from 'node:path';
import { getConfig } from '../config/load';
import { logger } from '../logger';
import { onShutdown } from '../shutdown';
import type { SqlDriver } from './driver';
import { HistoryStore } from './history';
import { migrate } from './migrations';
import { openPgDriver } from './pg-driver';
import { openPgliteDriver } from './pglite-driver';

export type StoreOptions = { databaseUrl?: string; dataDir?: string; schema?: string };

export type Store = { driver: SqlDriver; history: HistoryStore; close(): Promise<void> };

/** Opens and migrates a store: PostgreSQL when a URL is given, otherwise PGlite in `<dataDir>/store`. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const driver = options.databaseUrl
    ? await openPgDriver(options.databaseUrl, options.schema)
    : await openPgliteDriver(path.resolve(options.dataDir ?? '.data/wharf', 'store'));
  try {
    await migrate(driver);
  } catch (e) {
    await driver.close().catch(() => undefined);
    throw e;
  }
  // Closed once, whoever asks first: closeStore() and the shutdown hook may both ask (pg's pool refuses a second end).
  let closing: Promise<void> | null = null;
  return { driver, history: new HistoryStore(driver), close: () => (closing ??= driver.close()) };
}

const STORE_KEY = Symbol.for('wharf.store');
type GlobalWithStore = typeof globalThis & { [STORE_KEY]?: Promise<Store> };

/** The process-wide store, opened once (and kept across hot reloads) and closed on shutdown. */
export function getStore(): Promise<Store> {
  const g = globalThis as GlobalWithStore;
  if (!g[STORE_KEY]) {
    const databaseUrl = process.env.DATABASE_URL || undefined;
    const dataDir = process.env.WHARF_DATA_DIR ?? getConfig().dataDir;
    g[STORE_KEY] = openStore({ databaseUrl, dataDir }).then(
      (store) => {
        logger.info({ backend: store.driver.kind }, 'store opened');
        onShutdown('store', () => store.close().catch((err: unknown) => logger.warn({ err }, 'store close failed')));
        return store;
      },
      (err: unknown) => {
        // Let the next caller retry instead of caching the failure forever.
        delete g[STORE_KEY];
        throw err;
      },
    );
  }
  return g[STORE_KEY];
}

/** Closes the process-wide store (tests, shutdown). */
export async function closeStore(): Promise<void> {
  const g = globalThis as GlobalWithStore;
  const pending = g[STORE_KEY];
  delete g[STORE_KEY];
  if (pending) await (await pending).close();
}
