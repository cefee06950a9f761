import 'server-only';
import { roleAtLeast } from '@/lib/contracts/auth';
import { getConfig } from '../config/load';
import { maskPlan, type MaskPlan } from './masking';
import { roleFor } from './principal';
import { currentAuth } from './request-context';

/**
 * What the connection's masking rules hide from the caller of the current request on one topic or queue; null when
 * nothing is hidden from them (operators and admins; everyone when no login is configured). Outside a request there
 * is no caller to trust, so the rules apply.
 */
export function callerMaskPlan(connectionId: string, resource: string): MaskPlan | null {
  const rules = getConfig().connections.find((c) => c.id === connectionId)?.masking ?? [];
  const plan = maskPlan(resource, rules);
  if (!plan) return null;
  const principal = currentAuth()?.principal;
  return roleAtLeast(principal ? roleFor(principal, connectionId) : null, 'operator') ? null : plan;
}
