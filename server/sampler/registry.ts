import 'server-only';
import { connectionIds, getConnector } from '../connections/registry';
import type { KafkaConnector } from '../kafka/connector';
import { logger } from '../logger';
import { onShutdown } from '../shutdown';
import type { RabbitmqConnector } from '../rabbitmq/connector';
import { getStore } from '../store/store';
import { Sampler } from './sampler';

/** How often aged history is rolled into coarser tiers. */
export const COMPACT_EVERY_MS = 10 * 60_000;

type SamplerRegistry = { samplers: Map<string, Sampler>; compactTimer: NodeJS.Timeout | null; shutdownHooked: boolean };
const KEY = Symbol.for('wharf.samplers');
type GlobalWithSamplers = typeof globalThis & { [KEY]?: SamplerRegistry };

function reg(): SamplerRegistry {
  const g = globalThis as GlobalWithSamplers;
  g[KEY] ??= { samplers: new Map(), compactTimer: null, shutdownHooked: false };
  return g[KEY];
}

/**
 * The connection's sampler, started on first use and kept running while the server runs (on globalThis, so
 * hot reloads keep one per connection). Resolves once it has a first tick to read from.
 */
export async function getSampler(id: string): Promise<Sampler> {
  const r = reg();
  let sampler = r.samplers.get(id);
  if (!sampler) {
    const connector = getConnector(id) as KafkaConnector | RabbitmqConnector;
    sampler = new Sampler(connector, { intervalMs: connector.config.sampleIntervalMs, history: getStore().then((s) => s.history) });
    r.samplers.set(id, sampler);
    startHousekeeping(r);
  }
  await sampler.start();
  return sampler;
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
