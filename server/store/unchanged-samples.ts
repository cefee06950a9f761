import type { Sample } from './history';

/** An unchanged value is still written this often, so every chart range has points and staleness shows. */
export const HEARTBEAT_MS = 5 * 60_000;
/** A sample later than this many times the series' usual step follows a gap (an outage, a restart). */
const GAP_FACTOR = 3;

type SeriesState = {
  written: { ts: number; value: number };
  /** The latest sample skipped because it equalled `written`, written after all when the value moves. */
  held: Sample | null;
  lastTs: number;
  stepMs: number;
};

/**
 * Leaves out samples that repeat the series' last written value: most queues and partitions of a big estate sit
 * still, and writing each of their metrics every tick is what would make history large (10,000 idle queues x 6
 * metrics every 5 s is 43 million rows an hour). What is written keeps every chart exact: when a value moves, the
 * last unchanged sample is written first, so a flat stretch ends where it ended and is not drawn as a slope; the
 * same before a gap and at least every HEARTBEAT_MS.
 */
export class UnchangedSampleFilter {
  private readonly series = new Map<string, SeriesState>();

  /** The samples of one tick (or of several, in time order) that need writing. */
  filter(connection: string, samples: Sample[]): Sample[] {
    const out: Sample[] = [];
    for (const s of samples) {
      const key = `${connection}\u0000${s.entityKind}\u0000${s.entityId}\u0000${s.metric}`;
      const state = this.series.get(key);
      if (!state || s.ts <= state.lastTs) {
        out.push(s);
        if (!state) this.series.set(key, { written: { ts: s.ts, value: s.value }, held: null, lastTs: s.ts, stepMs: 0 });
        continue;
      }
      const step = s.ts - state.lastTs;
      const afterGap = state.stepMs > 0 && step > GAP_FACTOR * state.stepMs;
      state.stepMs = step;
      state.lastTs = s.ts;
      const same = s.value === state.written.value;
      if (!afterGap && same && s.ts - state.written.ts < HEARTBEAT_MS) {
        state.held = s;
        continue;
      }
      // A heartbeat repeats the value: the sample held before it adds nothing.
      if (state.held && !(same && !afterGap)) out.push(state.held);
      out.push(s);
      state.written = { ts: s.ts, value: s.value };
      state.held = null;
    }
    return out;
  }

  /** Forgets series of entities that are gone (deleted queues, topics), so the map does not only grow. */
  forgetOlderThan(ts: number): void {
    for (const [key, state] of this.series) if (state.lastTs < ts) this.series.delete(key);
  }
}
