/** A determinate bar when the total is known, an indeterminate one (animated) when it is not. */
export function ProgressBar({ value, total, label }: { value: number; total: number | null; label: string }) {
  const pct = total ? Math.min(100, Math.round((value / total) * 100)) : null;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total ?? undefined}
      aria-valuenow={total ? value : undefined}
      className="h-2.5 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
    >
      <div
        className={`h-full rounded-full bg-sky-600 transition-[width] duration-300 ${pct === null ? 'w-1/3 animate-pulse' : ''}`}
        style={pct === null ? undefined : { width: `${pct}%` }}
      />
    </div>
  );
}
