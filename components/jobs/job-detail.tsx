'use client';
import { ErrorNotice } from '@/components/ui/error-notice';
import { isNotFound, NotFoundNotice } from '@/components/ui/not-found-notice';
import { PageHeader } from '@/components/ui/page-header';
import { btn, btnDanger, card } from '@/components/ui/styles';
import { formatAge, formatMessages } from '@/lib/format';
import { useCancelJobMutation, useJobQuery, useJobStream, useResumeJobMutation } from '@/lib/query/jobs';
import { JobProgressView } from './job-progress';
import { JobStatusBadge } from './job-status-badge';
import { describeJob } from './job-summary';

export function JobDetail({ id }: { id: string }) {
  const { data: job, error } = useJobQuery(id);
  useJobStream(id, job?.status === 'running');
  const cancel = useCancelJobMutation();
  const resume = useResumeJobMutation();
  if (isNotFound(error)) return <NotFoundNotice error={error} backHref="/jobs" backLabel="Back to jobs" />;
  if (error) return <ErrorNotice error={error} title="Could not load this job" />;
  if (!job) return <p className="text-sm text-slate-500">Loading…</p>;
  const resumable = job.status === 'interrupted' || job.status === 'failed' || job.status === 'cancelled';
  return (
    <>
      <PageHeader
        title={describeJob(job)}
        subtitle={
          <span className="flex items-center gap-2">
            <JobStatusBadge status={job.status} /> started {formatAge(job.createdAt)} by {job.createdBy}
          </span>
        }
        actions={
          <>
            {job.status === 'running' && (
              <button type="button" className={btnDanger} onClick={() => cancel.mutate(job.id)} disabled={cancel.isPending}>
                Cancel
              </button>
            )}
            {resumable && !job.dryRun && (
              <button type="button" className={btn} onClick={() => resume.mutate(job.id)} disabled={resume.isPending}>
                Resume from checkpoint
              </button>
            )}
          </>
        }
      />
      {(cancel.error || resume.error) && <ErrorNotice error={cancel.error ?? resume.error} />}
      <section className={`${card} p-4`}>
        <JobProgressView job={job} />
      </section>
      {job.error && (
        <div className="mt-4">
          <ErrorNotice error={new Error(job.error)} title={job.status === 'interrupted' ? 'Interrupted' : 'The job stopped'} />
        </div>
      )}
      {job.result && (
        <section className={`${card} mt-4 p-4`} data-testid="job-result">
          <h2 className="mb-2 text-sm font-semibold">
            Verification:{' '}
            {job.result.verified === null ? 'not checkable' : job.result.verified ? <span className="text-emerald-600">passed</span> : <span className="text-red-600">did not match</span>}
          </h2>
          <ul className="list-disc space-y-1 pl-5 text-sm">
            {job.result.details.map((d) => (
              <li key={d}>{d}</li>
            ))}
            {job.result.possibleDuplicates > 0 && <li className="text-amber-700">{formatMessages(job.result.possibleDuplicates)} may have been written twice (a batch in flight when the job was interrupted).</li>}
          </ul>
        </section>
      )}
      <details className={`${card} mt-4 p-4 text-sm`}>
        <summary className="cursor-pointer font-medium">Parameters</summary>
        <pre className="mt-2 overflow-x-auto text-xs">{JSON.stringify(job.params, null, 2)}</pre>
      </details>
    </>
  );
}
