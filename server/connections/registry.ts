import 'server-only';
import type { ConnectionSummary } from '@/lib/contracts/connections';
import { getConfig } from '../config/load';
import type { ConnectionConfig } from '../config/schema';
import { ApiError, NotFoundError } from '../http/errors';
import { KafkaConnector } from '../kafka/connector';
import { logger } from '../logger';
import { onShutdown } from '../shutdown';
import { RabbitmqConnector } from '../rabbitmq/connector';
import { describeBrokerError } from './broker-error';
import type { Connector } from './types';

/** A status younger than this is served from cache, so any number of viewers costs the broker one probe. */
export const STATUS_TTL_MS = 2000;

type Entry = {
  connector: Connector;
  summary: ConnectionSummary | null;
  checkedAt: number;
  inFlight: Promise<ConnectionSummary> | null;
};

type Registry = { entries: Map<string, Entry>; closing: boolean };

const REGISTRY_KEY = Symbol.for('wharf.registry');
type GlobalWithRegistry = typeof globalThis & { [REGISTRY_KEY]?: Registry };

function createConnector(config: ConnectionConfig): Connector {
  return config.kind === 'kafka' ? new KafkaConnector(config) : new RabbitmqConnector(config);
}

/** Connectors live on globalThis so Next's hot reloads reuse them instead of leaking sockets. */
function registry(): Registry {
  const g = globalThis as GlobalWithRegistry;
  if (!g[REGISTRY_KEY]) {
    const entries = new Map<string, Entry>();
    for (const c of getConfig().connections) {
      entries.set(c.id, { connector: createConnector(c), summary: null, checkedAt: 0, inFlight: null });
    }
    g[REGISTRY_KEY] = { entries, closing: false };
    registerShutdown(g[REGISTRY_KEY]);
  }
  return g[REGISTRY_KEY];
}

function registerShutdown(reg: Registry): void {
  onShutdown('connections', async () => {
    reg.closing = true;
    await Promise.allSettled([...reg.entries.values()].map((e) => e.connector.close()));
  });
}

export function connectionIds(): string[] {
  return [...registry().entries.keys()];
}

function entry(id: string): Entry {
  const e = registry().entries.get(id);
  if (!e) throw new NotFoundError(`No connection with id "${id}"`);
  return e;
}

export function getConnector(id: string): Connector {
  return entry(id).connector;
}

/** The connector for `id`, checked to be of the expected kind (404 otherwise, naming what the id is). */
export function getConnectorOf<K extends ConnectionConfig['kind']>(id: string, kind: K): K extends 'kafka' ? KafkaConnector : RabbitmqConnector {
  const connector = getConnector(id);
  if (connector.config.kind !== kind) {
    throw new NotFoundError(`Connection "${id}" is a ${connector.config.kind} connection, not ${kind}`);
  }
  return connector as K extends 'kafka' ? KafkaConnector : RabbitmqConnector;
}

async function probe(id: string, e: Entry): Promise<ConnectionSummary> {
  const { connector } = e;
  const started = Date.now();
  const base = {
    id,
    name: connector.config.name ?? id,
    kind: connector.config.kind,
    target: connector.target,
    readOnly: connector.config.readOnly,
    capabilities: connector.capabilities,
  };
  try {
    const result = await connector.probe();
    return {
      ...base,
      status: {
        state: result.degraded ? 'degraded' : 'up',
        reason: result.degraded ?? null,
        checkedAt: new Date().toISOString(),
        latencyMs: Date.now() - started,
      },
      version: result.version,
      counts: result.counts,
    };
  } catch (err) {
    const reason = err instanceof ApiError ? err.message : describeBrokerError(err);
    logger.debug({ connection: id, reason }, 'connection down');
    return {
      ...base,
      status: { state: 'down', reason, checkedAt: new Date().toISOString(), latencyMs: null },
      version: e.summary?.version ?? null,
      counts: null,
    };
  }
}

/**
 * Status and headline counts of one connection, cached for STATUS_TTL_MS and shared by concurrent callers. Async so
 * an unknown id rejects instead of throwing: `Promise.all([getSnapshot(id), summarize(id)])` otherwise left the
 * snapshot's rejection unhandled.
 */
export async function summarize(id: string): Promise<ConnectionSummary> {
  const e = entry(id);
  if (e.summary && Date.now() - e.checkedAt < STATUS_TTL_MS) return e.summary;
  e.inFlight ??= probe(id, e)
    .then((summary) => {
      e.summary = summary;
      e.checkedAt = Date.now();
      return summary;
    })
    .finally(() => {
      e.inFlight = null;
    });
  return e.inFlight;
}

export function summarizeAll(): Promise<ConnectionSummary[]> {
  return Promise.all(connectionIds().map(summarize));
}
