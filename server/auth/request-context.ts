import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Permission, Role } from '@/lib/contracts/auth';
import { UnauthenticatedError } from '../http/errors';
import type { Principal } from './principal';

/** What the guard learned about the request in flight; route code reads it through currentAuth(). */
export type RequestAuth = {
  principal: Principal | null;
  /** The connection named by the {id} path parameter, if any. */
  connection: string | null;
  /** The caller's role on that connection (or their default role). */
  role: Role | null;
  permission: Permission;
  /** Who the audit entry names when there is no session yet (the username a login attempt gave). */
  auditUser?: string;
};

const storage = new AsyncLocalStorage<RequestAuth>();

export function runWithAuth<T>(auth: RequestAuth, fn: () => T): T {
  return storage.run(auth, fn);
}

/** The caller of the current API request; null outside withApiErrors. */
export function currentAuth(): RequestAuth | null {
  return storage.getStore() ?? null;
}

/** Who calls the current API request (the implicit local admin without login); 401 when nobody is signed in. */
export function currentPrincipal(): Principal {
  const principal = currentAuth()?.principal;
  if (!principal) throw new UnauthenticatedError('Sign in to use Wharf');
  return principal;
}
