import type { EntityKind, LiveTick } from '@/lib/contracts/metrics';

/**
 * What one stream receives: only the entity it asked for, or every entity without per-partition series
 * (those can run to thousands of values and are only charted on a group's own page).
 */
export function liveTickFor(tick: LiveTick, filter: { kind?: EntityKind; entity?: string }): LiveTick {
  if (filter.kind && filter.entity) {
    return { ...tick, entities: tick.entities.filter((e) => e.kind === filter.kind && e.id === filter.entity) };
  }
  return {
    ...tick,
    entities: tick.entities
      .filter((e) => !filter.kind || e.kind === filter.kind)
      .map((e) => (e.kind === 'group' ? { ...e, metrics: Object.fromEntries(Object.entries(e.metrics).filter(([m]) => !m.includes(':'))) } : e)),
  };
}
