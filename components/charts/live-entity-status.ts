import type { EntityKind, LiveTick } from '@/lib/contracts/metrics';

/**
 * What the sampler's latest tick says about one entity. History stores only known figures, so an empty chart alone
 * cannot tell "nothing sampled yet" from "the broker cannot say" or "the sampler cannot reach the broker".
 */
export type LiveEntityStatus =
  | { state: 'waiting' }
  | { state: 'sampler-error'; error: string; ts: number }
  | { state: 'not-sampled'; ts: number }
  | { state: 'sampled'; ts: number; unknown: string[] };

export function liveEntityStatus(tick: LiveTick | undefined, kind: EntityKind, entity: string, metrics: readonly string[]): LiveEntityStatus {
  if (!tick) return { state: 'waiting' };
  if (tick.error !== null) return { state: 'sampler-error', error: tick.error, ts: tick.ts };
  const e = tick.entities.find((x) => x.kind === kind && x.id === entity);
  if (!e) return { state: 'not-sampled', ts: tick.ts };
  return { state: 'sampled', ts: tick.ts, unknown: metrics.filter((m) => e.metrics[m] === null || e.metrics[m] === undefined) };
}

/** The text an empty chart of `metrics` shows, given that status; `noun` names the entity ("this queue"). */
export function emptyChartText(status: LiveEntityStatus, metrics: readonly string[], noun: string): string {
  switch (status.state) {
    case 'sampler-error':
      return `No samples: the sampler cannot read the broker (${status.error})`;
    case 'not-sampled':
      return `The sampler has not seen ${noun} yet`;
    case 'sampled':
      return metrics.every((m) => status.unknown.includes(m))
        ? `Unknown: the broker does not report these figures for ${noun} yet`
        : 'No samples in this range yet';
    case 'waiting':
      return 'No samples in this range yet';
  }
}
