import 'server-only';
import { roleAtLeast } from '@/lib/contracts/auth';
import type { ConnectionSummary } from '@/lib/contracts/connections';
import { roleFor } from './principal';
import { currentAuth } from './request-context';

/**
 * Narrows a connection's capabilities to what the caller may do: below operator, `mutations` is false, so every
 * screen that already hides mutations on read-only connections hides them for viewers and readers too.
 */
export function forCaller(summary: ConnectionSummary): ConnectionSummary {
  const principal = currentAuth()?.principal;
  const role = principal ? roleFor(principal, summary.id) : null;
  if (roleAtLeast(role, 'operator')) return summary;
  return { ...summary, capabilities: { ...summary.capabilities, mutations: false } };
}
