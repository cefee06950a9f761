import type { ConnectionStatus } from '@/lib/contracts/connections';

const styles: Record<ConnectionStatus['state'], string> = {
  up: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-300',
  degraded: 'bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-300',
  down: 'bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-300',
};
const dots: Record<ConnectionStatus['state'], string> = { up: 'bg-emerald-500', degraded: 'bg-amber-500', down: 'bg-red-500' };

export function StatusBadge({ state }: { state: ConnectionStatus['state'] | 'unknown' }) {
  if (state === 'unknown') {
    return <span className="inline-flex items-center gap-1.5 rounded-full bg-slate-200 px-2 py-0.5 text-xs font-medium text-slate-700 dark:bg-slate-800 dark:text-slate-300">checking…</span>;
  }
  return (
    <span data-testid="status-badge" data-state={state} className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ${styles[state]}`}>
      <span className={`h-1.5 w-1.5 rounded-full ${dots[state]}`} aria-hidden />
      {state}
    </span>
  );
}
