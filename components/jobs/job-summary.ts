import type { Job } from '@/lib/contracts/jobs';

/** One line saying what a job moves from where to where. */
export function describeJob(job: Pick<Job, 'params' | 'dryRun'>): string {
  const p = job.params;
  const dry = job.dryRun ? ' (dry run)' : '';
  if (p.kind === 'kafka-replay') {
    const to = p.target.kind === 'kafka' ? `${p.target.connection}/${p.target.topic}` : `${p.target.connection} exchange "${p.target.exchange || '(default)'}"`;
    return `Replay ${p.source.connection}/${p.source.topic}${p.source.filter ? ` where ${p.source.filter}` : ''} → ${to}${dry}`;
  }
  return `Drain ${p.source.connection} queue "${p.source.queue}"${p.source.filter ? ` where ${p.source.filter}` : ''} → ${p.target.connection}/${p.target.topic}${dry}`;
}
