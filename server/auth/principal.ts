import 'server-only';
import { ROLES, type Role } from '@/lib/contracts/auth';

/** Who is calling, with the roles they hold. */
export type Principal = {
  username: string;
  /** local: no login configured (implicit admin on loopback); config/store: local users; oidc: identity provider. */
  source: 'local' | 'config' | 'store' | 'oidc';
  /** Role on every connection (and for routes not about one connection); null: none. */
  defaultRole: Role | null;
  /** Per-connection grants; they replace the default role on that connection, up or down. */
  connectionRoles: Record<string, Role>;
};

export const LOCAL_ADMIN: Principal = { username: 'local', source: 'local', defaultRole: 'admin', connectionRoles: {} };

/** The role a principal holds on a connection (null connection: routes not about one connection). */
export function roleFor(p: Principal, connection: string | null): Role | null {
  if (connection !== null && Object.hasOwn(p.connectionRoles, connection)) return p.connectionRoles[connection];
  return p.defaultRole;
}

export function strongest(roles: Iterable<Role>): Role | null {
  let best = -1;
  for (const r of roles) best = Math.max(best, ROLES.indexOf(r));
  return best < 0 ? null : ROLES[best];
}

/**
 * Roles from an identity provider claim: "operator" is a role on every connection, "local-kafka:admin" a grant
 * on one connection. Unknown values are ignored (a provider's other groups share the claim).
 */
export function rolesFromClaim(claim: unknown, fallback: Role | null): Pick<Principal, 'defaultRole' | 'connectionRoles'> {
  const values = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/[\s,]+/) : [];
  const defaults: Role[] = [];
  const perConnection: Record<string, Role[]> = {};
  for (const v of values) {
    if (typeof v !== 'string') continue;
    const [a, b] = v.split(':');
    if (b === undefined && (ROLES as readonly string[]).includes(a)) defaults.push(a as Role);
    else if (b !== undefined && /^[a-z0-9][a-z0-9-]{0,62}$/.test(a) && (ROLES as readonly string[]).includes(b)) (perConnection[a] ??= []).push(b as Role);
  }
  const connectionRoles: Record<string, Role> = {};
  for (const [conn, roles] of Object.entries(perConnection)) connectionRoles[conn] = strongest(roles) as Role;
  return { defaultRole: strongest(defaults) ?? fallback, connectionRoles };
}
