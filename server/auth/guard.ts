import 'server-only';
import { roleAtLeast, type Permission } from '@/lib/contracts/auth';
import { getConfig } from '../config/load';
import { CsrfError, ForbiddenError, UnauthenticatedError } from '../http/errors';
import { routeSpecs, type RouteSpec } from '../openapi/routes';
import { authenticate } from './authenticate';
import { comesFromBrowser, crossSiteReason, csrfTokenValid } from './csrf';
import { isAudited, matchRoute, requiredPermission } from './policy';
import { roleFor, strongest, type Principal } from './principal';
import type { RequestAuth } from './request-context';

export type GuardResult = RequestAuth & {
  spec: RouteSpec | null;
  /** Path parameters, decoded once. */
  target: Record<string, string>;
  audited: boolean;
  mutation: boolean;
};

/** localhost, 127.0.0.0/8 and ::1, with or without a port. */
export function isLoopbackHost(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
  return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** The strongest role a principal holds anywhere: the default role, or a grant on one connection. */
function strongestRole(p: Principal) {
  return strongest([...(p.defaultRole ? [p.defaultRole] : []), ...Object.values(p.connectionRoles)]);
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What the guard knows before it has checked anything: enough to write an audit entry for a refusal. */
export function describeRequest(req: Request, rawParams: Record<string, unknown>): GuardResult {
  const url = new URL(req.url);
  const match = matchRoute(routeSpecs, req.method, url.pathname);
  const spec = match?.spec ?? null;
  // The handler acts on the router's params (Next hands them over decoded), so the check uses those too; the URL
  // match only picks the spec.
  const target: Record<string, string> = {};
  for (const [k, v] of Object.entries(rawParams)) if (typeof v === 'string') target[k] = v;
  const connection = url.pathname.startsWith('/api/connections/') && target.id ? target.id : null;
  const permission: Permission = requiredPermission(spec, req.method, url.pathname);
  return {
    spec,
    target,
    connection,
    permission,
    principal: null,
    role: null,
    audited: isAudited(spec, req.method, url.pathname),
    mutation: !READ_METHODS.has(req.method.toUpperCase()),
  };
}

/**
 * Authenticates and authorizes one API request, filling in `g`; throws the 401/403 to answer with. Order: who is
 * calling, same-origin and CSRF for state changes, the role the route needs on the connection, read-only.
 */
export async function guardRequest(req: Request, g: GuardResult): Promise<void> {
  if (g.mutation) {
    const reason = crossSiteReason(req);
    if (reason) throw new CsrfError(reason);
  }
  const authn = await authenticate(req);
  g.principal = authn.principal;
  if (!authn.authEnabled) {
    // Without login, only loopback names may reach us: this also defeats DNS rebinding (evil.example -> 127.0.0.1).
    const host = req.headers.get('host');
    if (host && !isLoopbackHost(host)) throw new ForbiddenError(`No login is configured, so Wharf only answers on loopback addresses, not "${host}"`);
  }
  const p = authn.principal;
  if (!p && g.permission !== 'public') throw new UnauthenticatedError('Sign in to use Wharf');
  if (g.mutation && (authn.authEnabled || comesFromBrowser(req)) && !csrfTokenValid(req, authn.csrfExpected)) {
    throw new CsrfError('Missing or invalid CSRF token: send the wharf-csrf cookie value in the x-wharf-csrf header');
  }
  if (g.permission === 'public' || !p) return;
  const route = g.spec ? `${g.spec.method.toUpperCase()} ${g.spec.path}` : 'this request';
  if (!g.connection && g.spec?.connectionsCheckedBy === 'handler') {
    // Jobs name their connections in the body or the stored job and the handler checks those (server/jobs/access.ts),
    // the connection list keeps those the caller holds a role on: here the default role would refuse a user granted
    // a role on one connection only, so any connection will do.
    g.role = roleFor(p, null);
    const best = strongestRole(p);
    if (!roleAtLeast(best, g.permission)) {
      throw new ForbiddenError(`User "${p.username}" has ${best ? `at most ${best}` : 'no role'} on any connection; ${route} needs ${g.permission} on a connection`);
    }
    return;
  }
  g.role = roleFor(p, g.connection);
  if (!roleAtLeast(g.role, g.permission)) {
    const where = g.connection ? ` on connection "${g.connection}"` : '';
    const has = g.role ? `has ${g.role}` : 'has no role';
    throw new ForbiddenError(`User "${p.username}" ${has}${where}; ${route} needs ${g.permission}${where}`);
  }
  // Defence in depth: handlers refuse mutations on read-only connections too, but a new one might forget.
  if (g.connection && g.mutation && (g.permission === 'operator' || g.permission === 'admin')) {
    const conn = getConfig().connections.find((c) => c.id === g.connection);
    if (conn?.readOnly) throw new ForbiddenError(`Connection "${conn.id}" is read-only`);
  }
}
