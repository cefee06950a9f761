import 'server-only';
import { onShutdown } from '../shutdown';
import { getStore, type Store } from '../store/store';
import { Coordinator } from './coordinator';
import { TickBus } from './tick-bus';

/** What replicas share beyond the store's tables: the coordination session and the live-tick bus. */
export type Cluster = { coordinator: Coordinator; bus: TickBus };

const KEY = Symbol.for('wharf.cluster');
type GlobalWithCluster = typeof globalThis & { [KEY]?: { of: Store; cluster: Cluster } };

/**
 * The cluster of replicas on this store, or null on the embedded store (PGlite serves one process, which then
 * does everything itself). Replicas find each other through PostgreSQL (DATABASE_URL) alone.
 */
export async function getCluster(): Promise<Cluster | null> {
  const store = await getStore();
  const url = process.env.DATABASE_URL;
  if (store.driver.kind !== 'postgres' || !url) return null;
  const g = globalThis as GlobalWithCluster;
  if (g[KEY]?.of !== store) {
    const coordinator = new Coordinator(url);
    g[KEY] = { of: store, cluster: { coordinator, bus: new TickBus(store.driver, coordinator) } };
    onShutdown('store', () => coordinator.close());
  }
  return g[KEY].cluster;
}
