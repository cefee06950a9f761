import 'server-only';
import { roleAtLeast } from '@/lib/contracts/auth';
import type { ConnectionSummary } from '@/lib/contracts/connections';
import { roleFor } from './principal';
import { currentAuth } from './request-context';

/** Without login the guard sets the implicit local admin; no principal at all (outside a request) allows nothing. */
function callerRole(connection: string) {
  const principal = currentAuth()?.principal;
  return principal ? roleFor(principal, connection) : null;
}

/**
 * The connections the caller holds at least viewer on, narrowed to their role. The others are left out: their
 * names, status and counts are metadata the caller has no role to see (GET /api/connections/{id} refuses them).
 */
export function connectionsForCaller(summaries: ConnectionSummary[]): ConnectionSummary[] {
  return summaries.filter((s) => roleAtLeast(callerRole(s.id), 'viewer')).map(forCaller);
}

/**
 * Narrows a connection's capabilities to what the caller's role allows, so every screen that hides changes on a
 * read-only connection hides them for roles below what they need too (the server refuses them anyway).
 */
export function forCaller(summary: ConnectionSummary): ConnectionSummary {
  const role = callerRole(summary.id);
  const c = summary.capabilities;
  return {
    ...summary,
    capabilities: {
      ...c,
      mutations: c.mutations && roleAtLeast(role, 'operator'),
      administration: c.administration && roleAtLeast(role, 'admin'),
      messageContents: c.messageContents && roleAtLeast(role, 'reader'),
      jobs: c.jobs && roleAtLeast(role, 'operator'),
    },
  };
}
