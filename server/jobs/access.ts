import 'server-only';
import { roleAtLeast } from '@/lib/contracts/auth';
import type { JobParams } from '@/lib/contracts/jobs';
import { roleFor, type Principal } from '../auth/principal';
import { ForbiddenError } from '../http/errors';

export type JobAction = 'starting' | 'cancelling' | 'resuming';

/** The connections a job reads from and writes to. */
export function jobConnections(p: JobParams): Array<{ connection: string; as: 'source' | 'target' }> {
  return [
    { connection: p.source.connection, as: 'source' },
    { connection: p.target.connection, as: 'target' },
  ];
}

/**
 * A job reads messages from its source and writes (or, for a drain, removes) them, so the caller needs operator on
 * every connection it touches, whatever their default role: /api/jobs names no connection in its path, so the
 * request guard only checks the default role.
 */
export function requireJobAccess(principal: Principal, p: JobParams, action: JobAction): void {
  for (const { connection, as } of jobConnections(p)) {
    const role = roleFor(principal, connection);
    if (roleAtLeast(role, 'operator')) continue;
    const has = role ? `has ${role}` : 'has no role';
    throw new ForbiddenError(`User "${principal.username}" ${has} on connection "${connection}"; ${action} a ${p.kind} job needs operator on connection "${connection}" (its ${as})`);
  }
}
