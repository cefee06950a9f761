import type { PlanLine } from './read-plan';

const toneClass: Record<PlanLine['tone'], string> = {
  ok: 'text-slate-700 dark:text-slate-300',
  warn: 'text-amber-700 dark:text-amber-400',
  stop: 'text-red-700 dark:text-red-400',
};

/** What a read will do to each message, as a list (read-plan.ts). */
export function ReadPlanList({ lines }: { lines: PlanLine[] }) {
  if (lines.length === 0) return null;
  return (
    <ul data-testid="read-plan" className="mt-2 list-disc space-y-1 pl-5 text-sm">
      {lines.map((l) => (
        <li key={l.key} className={toneClass[l.tone]}>
          {l.text}
        </li>
      ))}
    </ul>
  );
}
