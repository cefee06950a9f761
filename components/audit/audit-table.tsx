'use client';
import type { AuditEntry } from '@/lib/contracts/auth';

const outcomeClass: Record<AuditEntry['outcome'], string> = {
  ok: 'text-emerald-700 dark:text-emerald-400',
  denied: 'text-amber-700 dark:text-amber-400',
  error: 'text-red-700 dark:text-red-400',
  // A streamed operation cut off before its end: what it counted is in the entry.
  interrupted: 'text-orange-700 dark:text-orange-400',
  cancelled: 'text-slate-600 dark:text-slate-400',
};

function summary(record: Record<string, unknown>): string {
  const text = JSON.stringify(record);
  return text === '{}' ? '' : text;
}

/** Entries as plain text only: everything here came from requests, so nothing is rendered as HTML. */
export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  if (entries.length === 0) return <p className="text-sm text-slate-500">No entries match.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="audit-table">
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 dark:border-slate-800">
          <tr>
            <th className="py-2 pr-3">When</th>
            <th className="pr-3">User</th>
            <th className="pr-3">From</th>
            <th className="pr-3">Request</th>
            <th className="pr-3">Connection</th>
            <th className="pr-3">Parameters</th>
            <th className="pr-3">Outcome</th>
            <th>Counts</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} className="border-b border-slate-100 align-top dark:border-slate-900" data-testid="audit-row">
              <td className="whitespace-nowrap py-1.5 pr-3 font-mono text-xs">{new Date(e.at).toLocaleString()}</td>
              <td className="pr-3">{e.username}</td>
              <td className="pr-3 font-mono text-xs">{e.ip ?? 'unknown'}</td>
              <td className="max-w-md break-all pr-3 font-mono text-xs">
                {e.method} {e.path}
              </td>
              <td className="pr-3">{e.connection ?? ''}</td>
              <td className="max-w-xs break-all pr-3 font-mono text-xs">{summary(e.params)}</td>
              <td className={`pr-3 ${outcomeClass[e.outcome]}`}>
                {e.outcome} ({e.status})
              </td>
              <td className="font-mono text-xs">{summary(e.counts)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
