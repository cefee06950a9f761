import type { GroupStatRow } from './group-stats';

/**
 * Stats whose values may be long words (assignor class names such as "RoundRobinAssignor"): a value wraps inside its
 * own column instead of running under the next one.
 */
export function GroupStatList({ rows }: { rows: readonly GroupStatRow[] }) {
  return rows.map((r) => (
    <div key={r.label} className="min-w-0">
      <dt className="truncate text-xs text-slate-500 dark:text-slate-400">{r.label}</dt>
      <dd data-testid={r.testId} title={r.value} className="text-lg font-semibold tabular-nums [overflow-wrap:anywhere]">
        {r.value}
      </dd>
    </div>
  ));
}
