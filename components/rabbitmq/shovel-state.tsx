'use client';

const tone: Record<string, string> = {
  running: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-300',
  starting: 'bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-300',
  terminated: 'bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-300',
  error: 'bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-300',
  shutdown: 'bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
};

/** A shovel's or federation link's state; null is a definition the node has not reported on yet. */
export function ShovelState({ state }: { state: string | null }) {
  return (
    <span data-testid="shovel-state" data-state={state ?? 'unknown'} className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${state ? (tone[state] ?? tone.shutdown) : tone.shutdown}`}>
      {state ?? 'not reported yet'}
    </span>
  );
}
