'use client';
import { useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import { auditUrl, useAuditQuery, type AuditFilters } from '@/lib/query/auth';
import { AuditTable } from './audit-table';
import { auditMethodSchema, auditOutcomeSchema } from '@/lib/contracts/auth';

const input = 'rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900';

/** The audit log with filters; export downloads the same filtered entries as JSON lines. */
export function AuditView() {
  const [filters, setFilters] = useState<AuditFilters>({});
  const { data, error, isLoading } = useAuditQuery(filters);
  const set = (k: keyof AuditFilters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [k]: e.target.value || undefined }));
  return (
    <div>
      <PageHeader
        title="Audit log"
        subtitle="Every change and every read of message contents: who, when, from where, what, and how it went."
        actions={
          <a href={auditUrl(filters, 'jsonl')} className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800" download>
            Export JSON lines
          </a>
        }
      />
      <div className="mb-4 flex flex-wrap gap-2" role="search">
        <input aria-label="User" placeholder="User" className={input} value={filters.username ?? ''} onChange={set('username')} />
        <input aria-label="Connection" placeholder="Connection" className={input} value={filters.connection ?? ''} onChange={set('connection')} />
        <input aria-label="Path contains" placeholder="Path contains" className={input} value={filters.q ?? ''} onChange={set('q')} />
        <select aria-label="Method" className={input} value={filters.method ?? ''} onChange={set('method')}>
          <option value="">Any method</option>
          {auditMethodSchema.options.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
        <select aria-label="Outcome" className={input} value={filters.outcome ?? ''} onChange={set('outcome')}>
          <option value="">Any outcome</option>
          {auditOutcomeSchema.options.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      </div>
      {error ? <ErrorNotice error={error} title="Could not load the audit log" /> : isLoading ? <p className="text-sm text-slate-500">Loading…</p> : <AuditTable entries={data?.entries ?? []} />}
    </div>
  );
}
