import 'server-only';
import { CSRF_COOKIE, SESSION_COOKIE } from '@/lib/contracts/auth';
import { getConfig } from '../config/load';
import { readCookies } from './cookies';
import { LOCAL_ADMIN, type Principal } from './principal';
import { sessionKey } from './secret';
import { readSessionToken } from './session';
import { getAuthDb } from './store-schema';
import { configUser, toPrincipal, UserStore } from './users';

export type Authentication = {
  authEnabled: boolean;
  principal: Principal | null;
  /** The CSRF token a state-changing request must echo: the session's, or before sign-in the CSRF cookie's. */
  csrfExpected: string | null;
};

export function authEnabled(): boolean {
  return getConfig().auth !== undefined;
}

/**
 * Who sent the request. Without an `auth` section everyone is the implicit local admin (Wharf then only listens on
 * loopback). Local users are looked up on every request, so a removed user or a changed role applies at once.
 */
export async function authenticate(req: Request): Promise<Authentication> {
  const auth = getConfig().auth;
  const cookies = readCookies(req);
  const csrfCookie = cookies.get(CSRF_COOKIE) ?? null;
  if (!auth) return { authEnabled: false, principal: LOCAL_ADMIN, csrfExpected: csrfCookie };
  const token = cookies.get(SESSION_COOKIE);
  const claims = token ? await readSessionToken(token, await sessionKey()) : null;
  if (!claims) return { authEnabled: true, principal: null, csrfExpected: csrfCookie };
  let principal: Principal | null = null;
  if (claims.src === 'oidc') {
    principal = { username: claims.sub, source: 'oidc', defaultRole: claims.dr ?? null, connectionRoles: claims.cr ?? {} };
  } else if (claims.src === 'config') {
    const u = configUser(auth, claims.sub);
    principal = u && toPrincipal(u);
  } else {
    const u = await new UserStore(await getAuthDb()).get(claims.sub);
    principal = u && toPrincipal(u);
  }
  return { authEnabled: true, principal, csrfExpected: principal ? claims.csrf : csrfCookie };
}
