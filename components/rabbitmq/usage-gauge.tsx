import type { Gauge, GaugeLevel } from './node-gauges';

const barColor: Record<GaugeLevel, string> = { ok: 'bg-emerald-500', warn: 'bg-amber-500', alarm: 'bg-red-600', unknown: 'bg-slate-400' };
const levelWord: Record<GaugeLevel, string> = { ok: '', warn: 'near its limit', alarm: 'ALARM', unknown: 'unknown' };

/** One resource against its limit: a meter (not a progress bar: nothing is under way) with the figures in words. */
export function UsageGauge({ gauge }: { gauge: Gauge }) {
  const pct = gauge.fraction === null ? null : Math.round(gauge.fraction * 100);
  return (
    <div data-testid={`gauge-${gauge.id}`} data-level={gauge.level}>
      <div className="mb-1 flex items-baseline justify-between gap-2 text-xs">
        <span className="font-medium">{gauge.label}</span>
        {gauge.level !== 'ok' && <span className={gauge.level === 'alarm' ? 'font-semibold text-red-600 dark:text-red-400' : 'text-amber-700 dark:text-amber-400'}>{levelWord[gauge.level]}</span>}
      </div>
      <div
        role="meter"
        aria-label={gauge.label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
        aria-valuetext={gauge.text}
        className="h-2 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
      >
        {/* A sliver stays visible for a figure that is known but tiny (38 of 1,024 descriptors). */}
        {pct !== null && <div className={`h-full rounded-full ${barColor[gauge.level]}`} style={{ width: `${Math.max(pct, 1)}%` }} />}
      </div>
      <div className="mt-1 text-xs text-slate-500 tabular-nums dark:text-slate-400">{gauge.text}</div>
    </div>
  );
}
