import type { LagStatus } from '@/lib/contracts/groups';

const styles: Record<LagStatus['status'], string> = {
  OK: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-300',
  WARN: 'bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-300',
  ERR: 'bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-300',
  UNKNOWN: 'bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
};

const explain: Record<string, string> = {
  OK: 'Caught up within the window (lag no more than one interval of traffic), or lag falling',
  WARN: 'Commits move but lag keeps rising',
  STOP: 'The group has no members and its commits stopped with lag left',
  STALL: 'Members are connected but the committed offset has not moved, with lag left',
  REWIND: 'Committed offset moved backwards and has not caught up since',
  UNKNOWN: 'Not enough samples with a commit yet',
};

export function LagStatusBadge({ status }: { status: LagStatus }) {
  const label = status.status === 'ERR' ? `ERR ${status.reason ?? ''}`.trim() : status.status === 'UNKNOWN' ? 'unknown' : status.status;
  return (
    <span
      data-testid="lag-status"
      data-status={status.status}
      title={explain[status.reason ?? status.status]}
      className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${styles[status.status]}`}
    >
      {label}
    </span>
  );
}
