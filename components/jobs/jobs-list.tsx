'use client';
import Link from 'next/link';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/ui/page-header';
import { ProgressBar } from '@/components/ui/progress-bar';
import { card, td, th } from '@/components/ui/styles';
import { formatAge, formatCount } from '@/lib/format';
import { useJobsQuery } from '@/lib/query/jobs';
import { describeJob } from './job-summary';
import { JobStatusBadge } from './job-status-badge';

export function JobsList() {
  const { data, error, isPending } = useJobsQuery();
  return (
    <>
      <PageHeader title="Jobs" subtitle="Replays and drains run on the server: progress, outcome and counts, resumable after a restart." />
      {error && <ErrorNotice error={error} title="Could not load jobs" />}
      {isPending && <p className="text-sm text-slate-500">Loading…</p>}
      {data && data.jobs.length === 0 && <p className="text-sm text-slate-500">No jobs yet. Start a replay from a topic page.</p>}
      {data && data.jobs.length > 0 && (
        <div className={`${card} overflow-x-auto`}>
          <table className="w-full">
            <thead>
              <tr className="border-b border-slate-200 dark:border-slate-800">
                <th className={th}>Job</th>
                <th className={th}>Status</th>
                <th className={`${th} w-48`}>Progress</th>
                <th className={`${th} text-right`}>Written</th>
                <th className={th}>By</th>
                <th className={th}>Started</th>
              </tr>
            </thead>
            <tbody>
              {data.jobs.map((j) => (
                <tr key={j.id} className="border-b border-slate-100 last:border-0 dark:border-slate-800/60">
                  <td className={`${td} max-w-md truncate`}>
                    <Link href={`/jobs/${j.id}`} className="hover:underline" title={describeJob(j)}>
                      {describeJob(j)}
                    </Link>
                  </td>
                  <td className={td}>
                    <JobStatusBadge status={j.status} />
                  </td>
                  <td className={td}>
                    <ProgressBar value={j.progress.read} total={j.status === 'succeeded' ? j.progress.read || 1 : j.progress.total} label={`Progress of ${j.id}`} />
                  </td>
                  <td className={`${td} text-right tabular-nums`}>{formatCount(j.progress.written)}</td>
                  <td className={td}>{j.createdBy}</td>
                  <td className={`${td} whitespace-nowrap text-slate-500`}>{formatAge(j.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
