import type { Job } from '@/lib/contracts/jobs';

/** One line saying what a job moves from where to where. */
export function describeJob(job: Pick<Job, 'params' | 'dryRun' | 'hidden'>): string {
  const p = job.params;
  const dry = job.dryRun ? ' (dry run)' : '';
  // Below reader the server leaves the filter out; say there is one rather than imply the job moves everything.
  const where = p.source.filter ? ` where ${p.source.filter}` : job.hidden?.includes('params.source.filter') ? ' where (filter hidden)' : '';
  if (p.kind === 'kafka-replay') {
    const to = p.target.kind === 'kafka' ? `${p.target.connection}/${p.target.topic}` : `${p.target.connection} exchange "${p.target.exchange || '(default)'}"`;
    return `Replay ${p.source.connection}/${p.source.topic}${where} → ${to}${dry}`;
  }
  if (p.kind === 'rabbitmq-move') {
    const to = p.target.queue !== undefined ? `queue "${p.target.queue}"` : `exchange "${p.target.exchange || '(default)'}"`;
    return `Move ${p.source.connection} queue "${p.source.queue}"${where} → ${to}${dry}`;
  }
  return `Drain ${p.source.connection} queue "${p.source.queue}"${where} → ${p.target.connection}/${p.target.topic}${dry}`;
}
