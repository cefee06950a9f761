import Link from 'next/link';
import type { ConnectionSummary } from '@/lib/contracts/connections';
import { StatusBadge } from '@/components/ui/status-badge';
import { connectionHref } from '@/components/shell/nav-items';
import { ConnectionCountsList } from './connection-counts';
import { ConnectionTrend } from './connection-trend';

export function ConnectionCard({ connection: c }: { connection: ConnectionSummary }) {
  return (
    <article
      data-testid={`connection-${c.id}`}
      aria-labelledby={`connection-${c.id}-title`}
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex flex-wrap items-center gap-3">
        <h2 id={`connection-${c.id}-title`} className="text-base font-semibold">
          <Link href={connectionHref(c.id)} className="hover:underline">
            {c.name}
          </Link>
        </h2>
        <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium dark:bg-slate-800">{c.kind === 'kafka' ? 'Kafka' : 'RabbitMQ'}</span>
        <StatusBadge state={c.status.state} />
        <span className="text-xs text-slate-500" data-testid="version">
          {c.version ? `v${c.version}` : 'version unknown'}
        </span>
        {c.readOnly && <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">read-only</span>}
        <span className="ml-auto truncate font-mono text-xs text-slate-500">{c.target}</span>
      </div>
      {c.status.reason && (
        <p data-testid="status-reason" className={`mt-2 text-sm ${c.status.state === 'down' ? 'text-red-700 dark:text-red-400' : 'text-amber-700 dark:text-amber-400'}`}>
          {c.status.reason}
        </p>
      )}
      {c.counts && (
        <div className="mt-4">
          <ConnectionCountsList counts={c.counts} />
        </div>
      )}
      <ConnectionTrend connection={c} />
    </article>
  );
}
