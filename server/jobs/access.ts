import 'server-only';
import { roleAtLeast, type Role } from '@/lib/contracts/auth';
import type { Job, JobParams } from '@/lib/contracts/jobs';
import { roleFor, type Principal } from '../auth/principal';
import { ForbiddenError } from '../http/errors';

export type JobAction = 'starting' | 'cancelling' | 'resuming' | 'viewing';

/** The connections a job reads from and writes to. */
export function jobConnections(p: JobParams): Array<{ connection: string; as: 'source' | 'target' }> {
  return [
    { connection: p.source.connection, as: 'source' },
    { connection: p.target.connection, as: 'target' },
  ];
}

function holdsOnEvery(principal: Principal, p: JobParams, need: Role): boolean {
  return jobConnections(p).every(({ connection }) => roleAtLeast(roleFor(principal, connection), need));
}

/** Throws the 403 naming the first connection of the job where the caller holds less than `need`. */
export function requireJobRole(principal: Principal, p: JobParams, need: Role, action: JobAction): void {
  for (const { connection, as } of jobConnections(p)) {
    const role = roleFor(principal, connection);
    if (roleAtLeast(role, need)) continue;
    const has = role ? `has ${role}` : 'has no role';
    throw new ForbiddenError(`User "${principal.username}" ${has} on connection "${connection}"; ${action} a ${p.kind} job needs ${need} on connection "${connection}" (its ${as})`);
  }
}

/**
 * A job reads messages from its source and writes (or, for a drain, removes) them, so the caller needs operator on
 * every connection it touches, whatever their default role: /api/jobs names no connection in its path, so the
 * request guard only checks that the caller holds the role on some connection.
 */
export function requireJobAccess(principal: Principal, p: JobParams, action: Exclude<JobAction, 'viewing'>): void {
  requireJobRole(principal, p, 'operator', action);
}

const HIDDEN_FILTER = '(filter hidden: needs reader)';

/**
 * A job as the caller may see it. Viewers see metadata (connections, topics, queues, ranges, progress, outcome);
 * a CEL filter is an expression over message contents (`value.card.number == "4111..."`), so below reader on every
 * connection the job touches it is left out of the params and blanked where the result or error quote it.
 */
export function jobForCaller(principal: Principal, job: Job): Job {
  const filter = job.params.source.filter;
  if (filter === undefined || holdsOnEvery(principal, job.params, 'reader')) return job;
  const { filter: _filter, ...source } = job.params.source;
  const blank = (s: string) => s.split(filter).join(HIDDEN_FILTER);
  return {
    ...job,
    params: { ...job.params, source } as JobParams,
    result: job.result && { ...job.result, details: job.result.details.map(blank) },
    error: job.error && blank(job.error),
    hidden: ['params.source.filter'],
  };
}

/** One job, for a caller with at least viewer on every connection it touches (403 naming the connection otherwise). */
export function viewJob(principal: Principal, job: Job): Job {
  requireJobRole(principal, job.params, 'viewer', 'viewing');
  return jobForCaller(principal, job);
}

/** The jobs a caller may see: those on connections where they hold at least viewer, as they may see them. */
export function visibleJobs(principal: Principal, jobs: Job[]): Job[] {
  return jobs.filter((j) => holdsOnEvery(principal, j.params, 'viewer')).map((j) => jobForCaller(principal, j));
}
