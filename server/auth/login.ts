import 'server-only';
import { CSRF_COOKIE, SESSION_COOKIE, type Me } from '@/lib/contracts/auth';
import { getConfig } from '../config/load';
import { BadRequestError, TooManyRequestsError, UnauthenticatedError } from '../http/errors';
import { clientIp } from './audit';
import { isHttps, serializeCookie } from './cookies';
import { newCsrfToken } from './csrf';
import { verifyPassword } from './passwords';
import type { Principal } from './principal';
import { currentAuth } from './request-context';
import { sessionKey } from './secret';
import { createSessionToken, type SessionClaims } from './session';
import { getAuthDb } from './store-schema';
import { loginThrottle } from './throttle';
import { configUser, toPrincipal, UserStore } from './users';

export function meOf(principal: Principal | null): Me {
  const auth = getConfig().auth;
  return {
    authEnabled: auth !== undefined,
    oidc: auth?.oidc !== undefined,
    user: principal && { username: principal.username, source: principal.source, defaultRole: principal.defaultRole, connectionRoles: principal.connectionRoles },
  };
}

/** Session and CSRF cookies for a new session; the CSRF token is new too, so one from before sign-in is useless. */
export async function sessionCookies(req: Request, claims: Omit<SessionClaims, 'csrf'>): Promise<string[]> {
  const auth = getConfig().auth;
  if (!auth) throw new BadRequestError('Login is not configured: add an auth section to the config');
  const csrf = newCsrfToken();
  const ttl = auth.sessionTtlMinutes;
  const token = await createSessionToken({ ...claims, csrf }, await sessionKey(), ttl);
  const secure = isHttps(req);
  return [
    serializeCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure, maxAgeSeconds: ttl * 60 }),
    serializeCookie(CSRF_COOKIE, csrf, { sameSite: 'Lax', secure, maxAgeSeconds: ttl * 60 }),
  ];
}

export function clearSessionCookie(req: Request): string {
  return serializeCookie(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'Lax', secure: isHttps(req), maxAgeSeconds: 0 });
}

/** Checks a local user's password (config file first, then the store); throttled per user and per address. */
export async function loginLocal(req: Request, username: string, password: string): Promise<{ principal: Principal; cookies: string[] }> {
  const auth = getConfig().auth;
  if (!auth) throw new BadRequestError('Login is not configured: add an auth section to the config');
  const g = currentAuth();
  if (g) g.auditUser = username;
  const throttle = await loginThrottle();
  const keys = [`u:${username}`, `ip:${clientIp(req) ?? 'unknown'}`];
  const wait = Math.max(...(await Promise.all(keys.map((k) => throttle.retryAfter(k)))));
  if (wait > 0) throw new TooManyRequestsError(`Too many failed sign-ins; try again in ${wait} s`);
  const user = configUser(auth, username) ?? (await new UserStore(await getAuthDb()).get(username));
  const ok = await verifyPassword(password, user?.passwordHash ?? null);
  if (!ok || !user) {
    await Promise.all(keys.map((k) => throttle.fail(k)));
    throw new UnauthenticatedError('Wrong username or password');
  }
  await throttle.reset(keys[0]);
  const principal = toPrincipal(user);
  if (g) g.principal = principal;
  return { principal, cookies: await sessionCookies(req, { sub: user.username, src: user.source }) };
}
