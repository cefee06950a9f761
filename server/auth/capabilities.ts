import 'server-only';
import { roleAtLeast } from '@/lib/contracts/auth';
import type { ConnectionSummary } from '@/lib/contracts/connections';
import { roleFor } from './principal';
import { currentAuth } from './request-context';

/**
 * Narrows a connection's capabilities to what the caller's role allows, so every screen that hides changes on a
 * read-only connection hides them for roles below what they need too (the server refuses them anyway).
 */
export function forCaller(summary: ConnectionSummary): ConnectionSummary {
  const principal = currentAuth()?.principal;
  // Without login the guard sets the implicit local admin; no principal at all (outside a request) allows nothing.
  const role = principal ? roleFor(principal, summary.id) : null;
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
