import 'server-only';
import { logger } from './logger';

/**
 * The one ordered shutdown of the process: what produces work stops first (samplers, then jobs), then the broker
 * connections close (each connector its own clients), then the store, which the earlier steps may still write to.
 * Modules register what to close in their phase; SIGTERM, SIGINT and beforeExit run the phases once, in order.
 */
const PHASES = ['samplers', 'jobs', 'connections', 'store'] as const;
export type ShutdownPhase = (typeof PHASES)[number];

type Hooks = { byPhase: Map<ShutdownPhase, Array<() => Promise<void>>>; running: Promise<void> | null };
const KEY = Symbol.for('wharf.shutdown');
type GlobalWithHooks = typeof globalThis & { [KEY]?: Hooks };

function hooks(): Hooks {
  const g = globalThis as GlobalWithHooks;
  if (!g[KEY]) {
    const created: Hooks = { byPhase: new Map(), running: null };
    g[KEY] = created;
    const run = () => void shutdown();
    process.once('SIGTERM', run);
    process.once('SIGINT', run);
    process.once('beforeExit', run);
  }
  return g[KEY];
}

export function onShutdown(phase: ShutdownPhase, fn: () => Promise<void>): void {
  const h = hooks();
  const list = h.byPhase.get(phase) ?? [];
  list.push(fn);
  h.byPhase.set(phase, list);
}

/** Runs every phase once, in order; a failing hook is logged and does not stop the later phases. */
export function shutdown(): Promise<void> {
  const h = hooks();
  h.running ??= (async () => {
    for (const phase of PHASES) {
      const fns = h.byPhase.get(phase) ?? [];
      h.byPhase.delete(phase);
      const results = await Promise.allSettled(fns.map((fn) => fn()));
      for (const r of results) if (r.status === 'rejected') logger.warn({ phase, err: r.reason }, 'shutdown step failed');
    }
  })();
  return h.running;
}
