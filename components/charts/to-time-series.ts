import { parsePartitionLagMetric, type HistorySeries } from '@/lib/contracts/metrics';

/** One chart row per timestamp; a series without a value at that time is null (drawn as a gap, not as 0). */
export type TimeSeriesRow = { ts: number } & Record<string, number | null>;
export type SeriesDef = { key: string; label: string; color: string };

/**
 * Merges the named metrics into rows sorted by time. `metrics` maps metric name -> row key; metrics absent from
 * the history still get a column of nulls so the legend stays stable.
 */
export function toTimeSeries(series: readonly HistorySeries[], metrics: Readonly<Record<string, string>>): TimeSeriesRow[] {
  const rows = new Map<number, TimeSeriesRow>();
  const keys = Object.values(metrics);
  for (const s of series) {
    const key = metrics[s.metric];
    if (!key) continue;
    for (const p of s.points) {
      let row = rows.get(p.ts);
      if (!row) {
        row = { ts: p.ts } as TimeSeriesRow;
        for (const k of keys) row[k] = null;
        rows.set(p.ts, row);
      }
      row[key] = p.value;
    }
  }
  return [...rows.values()].sort((a, b) => a.ts - b.ts);
}

const PALETTE = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4f46e5', '#65a30d'];

/** Lag per partition from `lag:<topic>:<partition>` metrics; at most `limit` series, the largest last values first. */
export function toPartitionLagSeries(series: readonly HistorySeries[], limit = 10): { rows: TimeSeriesRow[]; defs: SeriesDef[]; hidden: number } {
  const partitions = series
    .map((s) => ({ s, p: parsePartitionLagMetric(s.metric) }))
    .filter((x): x is { s: HistorySeries; p: { topic: string; partition: number } } => x.p !== null)
    .sort((a, b) => (b.s.points.at(-1)?.value ?? 0) - (a.s.points.at(-1)?.value ?? 0) || a.s.metric.localeCompare(b.s.metric));
  const shown = partitions.slice(0, limit);
  const metrics = Object.fromEntries(shown.map((x) => [x.s.metric, `${x.p.topic}[${x.p.partition}]`]));
  const defs = shown.map((x, i) => ({ key: `${x.p.topic}[${x.p.partition}]`, label: `${x.p.topic} [${x.p.partition}]`, color: PALETTE[i % PALETTE.length] }));
  return { rows: toTimeSeries(shown.map((x) => x.s), metrics), defs, hidden: partitions.length - shown.length };
}
