import 'server-only';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { CSRF_HEADER } from '@/lib/contracts/auth';

export function newCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}

export function tokensEqual(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Origins this server answers as: the request URL's, and the one a reverse proxy says the browser used. */
export function ownOrigins(req: Request): Set<string> {
  const url = new URL(req.url);
  const origins = new Set([url.origin]);
  const host = req.headers.get('x-forwarded-host')?.split(',')[0]?.trim() ?? req.headers.get('host');
  const proto = req.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() ?? url.protocol.replace(':', '');
  if (host) origins.add(`${proto}://${host}`);
  return origins;
}

/** Why a state-changing request is not same-origin, or null when it is (or carries no browser signal). */
export function crossSiteReason(req: Request): string | null {
  const site = req.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return `Cross-site request refused (Sec-Fetch-Site: ${site})`;
  const origin = req.headers.get('origin');
  if (origin && !ownOrigins(req).has(origin)) return `Cross-origin request refused (Origin: ${origin})`;
  return null;
}

/** Browsers always send Origin or Sec-Fetch-Site with a non-GET request, and cookies when they have them. */
export function comesFromBrowser(req: Request): boolean {
  return req.headers.has('origin') || req.headers.has('sec-fetch-site') || req.headers.has('cookie');
}

/**
 * Double-submit check: the header must equal the token bound to the session (signed into the session cookie),
 * or, before sign-in, the CSRF cookie. A cross-site page can neither read the cookie nor set the header.
 */
export function csrfTokenValid(req: Request, expected: string | null | undefined): boolean {
  return tokensEqual(req.headers.get(CSRF_HEADER), expected);
}
