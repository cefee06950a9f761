'use client';
import { usePathname } from 'next/navigation';
import { StatusBadge } from '@/components/ui/status-badge';
import { useConnectionsQuery } from '@/lib/query/connections';
import { AuthStatus } from './auth-status';
import { ThemeToggle } from './theme-toggle';

/** Shows the status of the connection being viewed, if any. */
export function Header() {
  const pathname = usePathname();
  const id = /^\/connections\/([^/]+)/.exec(pathname)?.[1];
  const { data } = useConnectionsQuery();
  const current = id ? data?.connections.find((c) => c.id === decodeURIComponent(id)) : undefined;
  return (
    <header className="flex h-12 items-center justify-between gap-4 border-b border-slate-200 px-4 dark:border-slate-800">
      <div className="flex min-w-0 items-center gap-3 text-sm">
        {current ? (
          <>
            <span className="truncate font-medium">{current.name}</span>
            <span className="text-slate-500">{current.kind === 'kafka' ? 'Kafka' : 'RabbitMQ'}</span>
            <StatusBadge state={current.status.state} />
            {current.status.reason && <span className="truncate text-xs text-slate-500" title={current.status.reason}>{current.status.reason}</span>}
            {current.readOnly && <span className="rounded bg-slate-200 px-1.5 py-0.5 text-xs dark:bg-slate-800">read-only</span>}
          </>
        ) : (
          <span className="text-slate-500">Kafka and RabbitMQ, side by side</span>
        )}
      </div>
      <div className="flex shrink-0 items-center gap-3">
        <AuthStatus />
        <ThemeToggle />
      </div>
    </header>
  );
}
