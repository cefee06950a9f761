import type { Job } from '@/lib/contracts/jobs';
import { formatCount, formatDuration, formatRate } from '@/lib/format';
import { ProgressBar } from '@/components/ui/progress-bar';
import { Stat } from '@/components/ui/stat';

export function JobProgressView({ job }: { job: Job }) {
  const p = job.progress;
  return (
    <div className="space-y-3" data-testid="job-progress" data-status={job.status}>
      <div className="flex items-center justify-between text-sm">
        <span className="font-medium capitalize">{job.status === 'running' ? p.phase : job.status}</span>
        <span className="tabular-nums text-slate-500">
          {formatCount(p.read)} / {p.total === null ? 'unknown' : formatCount(p.total)}
        </span>
      </div>
      <ProgressBar value={p.read} total={job.status === 'succeeded' ? p.read || 1 : p.total} label={`Progress of ${job.kind}`} />
      <dl className="grid grid-cols-3 gap-3 sm:grid-cols-7">
        <Stat label="Read" value={formatCount(p.read)} testId="job-read" />
        <Stat label="Matched" value={formatCount(p.matched)} testId="job-matched" />
        <Stat label="Written" value={formatCount(p.written)} testId="job-written" />
        <Stat label="Confirmed" value={formatCount(p.confirmed)} testId="job-confirmed" />
        <Stat label="Skipped" value={formatCount(p.skipped)} />
        <Stat label="Rate" value={formatRate(p.ratePerSecond)} />
        <Stat label="ETA" value={job.status === 'running' ? formatDuration(p.etaSeconds === null ? null : p.etaSeconds * 1000) : '—'} />
      </dl>
    </div>
  );
}
