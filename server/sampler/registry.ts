import 'server-only';
import { getCluster, type Cluster } from '../cluster/cluster';
import { replicaId } from '../cluster/coordinator';
import { SamplerLeadership } from '../cluster/leadership';
import { connectionIds, getConnector } from '../connections/registry';
import type { KafkaConnector } from '../kafka/connector';
import { logger } from '../logger';
import { onShutdown } from '../shutdown';
import type { RabbitmqConnector } from '../rabbitmq/connector';
import { getStore } from '../store/store';
import { Sampler } from './sampler';

/** How often aged history is rolled into coarser tiers. */
export const COMPACT_EVERY_MS = 10 * 60_000;

/** Replicas on one PostgreSQL: who samples what, and the last mirrored tick number per connection. */
type Clustered = {
  cluster: Cluster;
  leadership: SamplerLeadership;
  /** Tick numbers: the last read into the follower, the last announced. */
  mirrored: Map<string, number>;
  announced: Map<string, number>;
  pulling: Map<string, Promise<void>>;
};

type SamplerRegistry = {
  samplers: Map<string, Sampler>;
  compactTimer: NodeJS.Timeout | null;
  shutdownHooked: boolean;
  clustered: Promise<Clustered | null> | null;
};
const KEY = Symbol.for('wharf.samplers');
type GlobalWithSamplers = typeof globalThis & { [KEY]?: SamplerRegistry };

function reg(): SamplerRegistry {
  const g = globalThis as GlobalWithSamplers;
  g[KEY] ??= { samplers: new Map(), compactTimer: null, shutdownHooked: false, clustered: null };
  return g[KEY];
}

function samplerOf(r: SamplerRegistry, id: string): Sampler {
  let sampler = r.samplers.get(id);
  if (!sampler) {
    const connector = getConnector(id) as KafkaConnector | RabbitmqConnector;
    sampler = new Sampler(connector, { intervalMs: connector.config.sampleIntervalMs, history: getStore().then((s) => s.history) });
    r.samplers.set(id, sampler);
    startHousekeeping(r);
  }
  return sampler;
}

/**
 * The connection's sampler, started on first use and kept running while the server runs (on globalThis, so
 * hot reloads keep one per connection). Resolves once it has a first tick to read from. With replicas on one
 * PostgreSQL, exactly one of them reads the broker; this one may instead mirror that replica's ticks.
 */
export async function getSampler(id: string): Promise<Sampler> {
  const r = reg();
  const sampler = samplerOf(r, id);
  const clustered = await (r.clustered ??= startClustered(r).catch((err: unknown) => {
    r.clustered = null;
    throw err;
  }));
  if (!clustered) {
    await sampler.start();
    return sampler;
  }
  if (sampler.role === 'leader') await sampler.start();
  else if (!sampler.lastTick) await pull(clustered, sampler);
  return sampler;
}

async function startClustered(r: SamplerRegistry): Promise<Clustered | null> {
  const cluster = await getCluster();
  if (!cluster) return null;
  const ids = connectionIds();
  const periodMs = Math.min(2000, ...ids.map((id) => getConnector(id).config.sampleIntervalMs / 2));
  const mirrored = new Map<string, number>();
  const pulling = new Map<string, Promise<void>>();
  const leadership = new SamplerLeadership(cluster.coordinator, connectionIds, (id, leader) => setRole(id, leader), periodMs);
  const clustered: Clustered = { cluster, leadership, mirrored, announced: new Map(), pulling };
  const setRole = (id: string, leader: boolean) => {
    const sampler = samplerOf(r, id);
    if (leader) {
      sampler.role = 'leader';
      sampler.publish = (tick, raw) => cluster.bus.publish(id, tick, raw);
      void sampler.start();
    } else {
      sampler.role = 'follower';
      sampler.publish = null;
      void sampler.stop();
    }
  };
  for (const id of ids) samplerOf(r, id).role = 'follower';
  await cluster.bus.subscribe((id, seq) => {
    const sampler = r.samplers.get(id);
    clustered.announced.set(id, Math.max(seq, clustered.announced.get(id) ?? 0));
    if (sampler?.role === 'follower' && seq > (mirrored.get(id) ?? 0)) void pull(clustered, sampler);
  });
  await leadership.start();
  onShutdown('samplers', () => leadership.stop());
  return clustered;
}

/** Reads the connection's last published tick into a following sampler (one read at a time per connection). */
function pull(c: Clustered, sampler: Sampler): Promise<void> {
  const running = c.pulling.get(sampler.id);
  if (running) return running;
  const p = (async () => {
    try {
      const m = await c.cluster.bus.latest(sampler.id);
      if (m && m.seq > (c.mirrored.get(sampler.id) ?? 0)) {
        c.mirrored.set(sampler.id, m.seq);
        // This replica's own last tick (from before it stepped down) is already in the sampler.
        if (m.replica !== replicaId && sampler.role === 'follower') await sampler.mirror(m.tick, m.raw);
      }
    } catch (err) {
      logger.warn({ connection: sampler.id, err: err instanceof Error ? err.message : err }, 'reading the mirrored tick failed');
      return;
    } finally {
      c.pulling.delete(sampler.id);
    }
    // A tick announced while this read was under way.
    if ((c.announced.get(sampler.id) ?? 0) > (c.mirrored.get(sampler.id) ?? 0) && sampler.role === 'follower') void pull(c, sampler);
  })();
  c.pulling.set(sampler.id, p);
  return p;
}

/** Starts every connection's sampler (the Prometheus endpoint reports them all). */
export function startAllSamplers(): Promise<Sampler[]> {
  return Promise.all(connectionIds().map(getSampler));
}

/** Starts every sampler in the background when the server boots; failures are logged, never thrown. */
export function startSamplersOnBoot(): void {
  let ids: string[];
  try {
    ids = connectionIds();
  } catch (err) {
    logger.warn({ err }, 'could not start the samplers at boot; they start on first use');
    return;
  }
  for (const id of ids) {
    getSampler(id).catch((err: unknown) => logger.warn({ connection: id, err }, 'sampler did not start at boot; it starts on first use'));
  }
  logger.info({ connections: ids.length }, 'samplers started');
}

export function runningSamplers(): Sampler[] {
  return [...reg().samplers.values()];
}

function startHousekeeping(r: SamplerRegistry): void {
  if (!r.compactTimer) {
    r.compactTimer = setInterval(() => {
      void getStore()
        .then((s) => s.history.compact())
        .catch((err: unknown) => logger.warn({ err }, 'history compaction failed'));
    }, COMPACT_EVERY_MS);
    r.compactTimer.unref();
  }
  if (!r.shutdownHooked) {
    r.shutdownHooked = true;
    onShutdown('samplers', async () => {
      if (r.compactTimer) clearInterval(r.compactTimer);
      await Promise.allSettled([...r.samplers.values()].map((s) => s.stop()));
    });
  }
}
