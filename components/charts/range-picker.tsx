'use client';
import { metricsRangeSchema, type MetricsRange } from '@/lib/contracts/metrics';

export function RangePicker({ value, onChange }: { value: MetricsRange; onChange: (r: MetricsRange) => void }) {
  return (
    <div role="group" aria-label="Time range" className="inline-flex overflow-hidden rounded-md border border-slate-300 text-xs dark:border-slate-700">
      {metricsRangeSchema.options.map((r) => (
        <button
          key={r}
          type="button"
          aria-pressed={r === value}
          onClick={() => onChange(r)}
          className={`px-2.5 py-1 ${r === value ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900' : 'hover:bg-slate-100 dark:hover:bg-slate-800'}`}
        >
          {r}
        </button>
      ))}
    </div>
  );
}
