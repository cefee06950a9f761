export function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="min-w-0">
      <dt className="truncate text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd data-testid={testId} title={value} className="text-lg font-semibold tabular-nums [overflow-wrap:anywhere]">
        {value}
      </dd>
    </div>
  );
}
