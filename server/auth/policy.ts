import 'server-only';
import type { Permission } from '@/lib/contracts/auth';
import type { HttpMethod, RouteSpec } from '../openapi/routes';

/** The fields of a route spec the policy reads; kept narrow so tests can pass plain objects. */
export type PolicySpec = Pick<RouteSpec, 'method' | 'path'> & { permission?: Permission; audit?: boolean };

export type RouteMatch<S extends PolicySpec = PolicySpec> = {
  spec: S;
  /** Path parameters, percent-decoded once ("%2F" -> "/"). */
  params: Record<string, string>;
};

/** Resources whose creation or deletion changes what exists on the broker (or who may use Wharf): admin only. */
const ADMIN_COLLECTIONS = new Set(['topics', 'queues', 'exchanges', 'bindings', 'consumer-groups', 'users', 'vhosts', 'permissions', 'topic-permissions', 'vhost-limits', 'definitions', 'shovels', 'federation-links', 'policies', 'operator-policies']);
/** Changing these rewrites a topic's definition, not its data: as weighty as creating one. */
const TOPIC_DEFINITION = new Set(['configs', 'partitions']);
/** Reading under these returns full message contents (payloads, headers). */
const CONTENT_SEGMENTS = new Set(['messages', 'contents']);

const isParam = (segment: string) => segment.startsWith('{') && segment.endsWith('}');

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function normalizeMethod(method: string): HttpMethod | 'head' | string {
  return method.toLowerCase();
}

function isRead(method: string): boolean {
  const m = normalizeMethod(method);
  return m === 'get' || m === 'head' || m === 'options';
}

/**
 * Finds the spec for a request. The pathname is matched raw (still percent-encoded) segment by segment, so a
 * vhost "/" sent as %2F stays one segment. When several templates match, the most literal one wins.
 */
export function matchRoute<S extends PolicySpec>(specs: readonly S[], method: string, pathname: string): RouteMatch<S> | null {
  const m = normalizeMethod(method) === 'head' ? 'get' : normalizeMethod(method);
  const segments = pathname.replace(/\/+$/, '').split('/');
  let best: { match: RouteMatch<S>; literals: number } | null = null;
  for (const spec of specs) {
    if (spec.method !== m) continue;
    const template = spec.path.split('/');
    if (template.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    let ok = true;
    for (let i = 0; i < template.length && ok; i++) {
      if (isParam(template[i])) {
        if (segments[i] === '') ok = false;
        else params[template[i].slice(1, -1)] = decodeSegment(segments[i]);
      } else if (template[i] === segments[i]) {
        literals++;
      } else {
        ok = false;
      }
    }
    if (ok && (!best || literals > best.literals)) best = { match: { spec, params }, literals };
  }
  return best?.match ?? null;
}

/** True when a path (template or concrete) reads or empties message contents. */
export function touchesContents(path: string): boolean {
  return path.split('/').some((s) => CONTENT_SEGMENTS.has(s));
}

/**
 * The permission a request needs. An explicit `permission` on the spec wins; otherwise it is derived from the
 * method and the path template. A request without a spec is refused unless it is a read (viewer) or the caller
 * is an admin: new routes are usable by admins before they are described, never by everyone.
 */
export function requiredPermission(spec: PolicySpec | null, method: string, pathname: string): Permission {
  if (spec?.permission) return spec.permission;
  const path = spec?.path ?? pathname;
  if (isRead(method)) return touchesContents(path) ? 'reader' : 'viewer';
  if (!spec) return 'admin';
  return isAdminMutation(normalizeMethod(method), spec.path) ? 'admin' : 'operator';
}

function isAdminMutation(method: string, template: string): boolean {
  const segs = template.split('/').filter(Boolean);
  const last = segs[segs.length - 1];
  // The last literal segment and whether parameters follow it: /queues/{vhost}/{name} -> queues, item.
  let i = segs.length - 1;
  while (i >= 0 && isParam(segs[i])) i--;
  const literal = segs[i];
  const onItem = i < segs.length - 1;
  if (TOPIC_DEFINITION.has(literal) && segs[i - 2] === 'topics') return true;
  if (!ADMIN_COLLECTIONS.has(literal)) return false;
  if (method === 'post') return !isParam(last);
  if (method === 'delete') return true;
  if (method === 'put') return onItem;
  return false;
}

/** Whether a request is written to the audit log: every mutation, and every read of message contents. */
export function isAudited(spec: PolicySpec | null, method: string, pathname: string): boolean {
  if (spec?.audit !== undefined) return spec.audit;
  if (!isRead(method)) return true;
  return touchesContents(spec?.path ?? pathname);
}
