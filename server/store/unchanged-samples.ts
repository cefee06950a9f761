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
 * metrics every 5 s is 43 million rows an hour). What is written keeps every chart exact with the query's fill
 * (HistoryStore.query): when a value moves, the last unchanged sample is written first, so a flat stretch ends
 * where it ended; the same before a gap and at least every HEARTBEAT_MS. A series missing from a tick (its entity
 * deleted, its value unknown) gets its held sample and then a NaN sample at that tick, which ends the fill there.
 *
 * `filter` takes one tick of one connection at a time: what a tick leaves out is what that tick did not see.
 */
export class UnchangedSampleFilter {
  private readonly byConnection = new Map<string, Map<string, SeriesState>>();

  filter(connection: string, samples: Sample[]): Sample[] {
    let series = this.byConnection.get(connection);
    if (!series) this.byConnection.set(connection, (series = new Map()));
    const out: Sample[] = [];
    const seen = new Set<string>();
    let tickTs = -Infinity;
    for (const s of samples) {
      const key = seriesKey(s);
      seen.add(key);
      tickTs = Math.max(tickTs, s.ts);
      const state = series.get(key);
      if (!state || s.ts <= state.lastTs) {
        out.push(s);
        if (!state) series.set(key, { written: { ts: s.ts, value: s.value }, held: null, lastTs: s.ts, stepMs: 0 });
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
    if (samples.length) {
      for (const [key, state] of series) {
        if (seen.has(key)) continue;
        if (state.held) out.push(state.held);
        const [entityKind, entityId, metric] = key.split('\u0000');
        out.push({ entityKind, entityId, metric, ts: tickTs, value: Number.NaN });
        series.delete(key);
      }
    }
    return out;
  }

  /** The value a series holds now, when it is still being sampled (it may be newer than anything written). */
  current(connection: string, entityKind: string, entityId: string, metric: string): number | undefined {
    return this.byConnection.get(connection)?.get(seriesKey({ entityKind, entityId, metric }))?.written.value;
  }
}

const seriesKey = (s: Pick<Sample, 'entityKind' | 'entityId' | 'metric'>) => `${s.entityKind}\u0000${s.entityId}\u0000${s.metric}`;
