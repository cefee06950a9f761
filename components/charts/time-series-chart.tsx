'use client';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SeriesDef, TimeSeriesRow } from './to-time-series';

export type TimeSeriesChartProps = {
  title: string;
  rows: readonly TimeSeriesRow[];
  series: readonly SeriesDef[];
  /** Formats a value for the axis and tooltip (units belong here: "1.2k msg", "3.4 msg/s"). */
  format: (value: number) => string;
  /** Shorter labels for the y axis ("1.2K msg"); `format` when absent. */
  axisFormat?: (value: number) => string;
  /** Rates below 1/s need fractional ticks; counts do not. */
  allowDecimals?: boolean;
  /** Span of the x axis in ms, to choose between clock time and dates on ticks. */
  spanMs: number;
  height?: number;
  loading?: boolean;
  /** Shown instead of an empty plot, e.g. "No samples yet". */
  emptyText?: string;
  testId?: string;
};

function tickFormatter(spanMs: number) {
  const opts: Intl.DateTimeFormatOptions = spanMs > 86_400_000 ? { month: 'short', day: 'numeric', hour: '2-digit' } : spanMs > 3_600_000 ? { hour: '2-digit', minute: '2-digit' } : { hour: '2-digit', minute: '2-digit', second: '2-digit' };
  const f = new Intl.DateTimeFormat(undefined, opts);
  return (ts: number) => f.format(ts);
}

/** A line chart over time from plain rows; nulls are gaps (unknown), never zeros. */
export function TimeSeriesChart({
  title,
  rows,
  series,
  format,
  axisFormat = format,
  allowDecimals = false,
  spanMs,
  height = 220,
  loading,
  emptyText = 'No samples in this range yet',
  testId,
}: TimeSeriesChartProps) {
  const last = rows.at(-1);
  const timeLabel = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
  return (
    <figure
      data-testid={testId}
      data-points={rows.length}
      data-last-ts={last?.ts ?? ''}
      className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900"
    >
      <figcaption className="mb-2 flex items-baseline justify-between gap-2 text-sm font-medium">
        <span>{title}</span>
        {last && series.length <= 3 && (
          <span className="truncate text-xs font-normal text-slate-500 dark:text-slate-400">
            {series.map((s) => `${s.label}: ${last[s.key] === null || last[s.key] === undefined ? 'unknown' : format(last[s.key] as number)}`).join(' · ')}
          </span>
        )}
      </figcaption>
      {rows.length === 0 ? (
        <div style={{ height }} className="flex items-center justify-center px-4 text-center text-sm text-slate-500 dark:text-slate-400">
          {loading ? 'Loading…' : emptyText}
        </div>
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <LineChart data={rows as TimeSeriesRow[]} margin={{ top: 4, right: 12, bottom: 0, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.12} />
            <XAxis dataKey="ts" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={tickFormatter(spanMs)} minTickGap={48} tick={{ fontSize: 11 }} stroke="currentColor" strokeOpacity={0.4} />
            <YAxis tickFormatter={(v: number) => axisFormat(v)} tick={{ fontSize: 11 }} width={70} stroke="currentColor" strokeOpacity={0.4} allowDecimals={allowDecimals} />
            <Tooltip
              labelFormatter={(ts) => timeLabel.format(Number(ts))}
              formatter={(v) => (typeof v === 'number' ? format(v) : 'unknown')}
              contentStyle={{ fontSize: 12 }}
            />
            {series.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
            {series.map((s) => (
              <Line key={s.key} dataKey={s.key} name={s.label} stroke={s.color} dot={false} strokeWidth={1.75} isAnimationActive={false} connectNulls={false} type="monotone" />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
