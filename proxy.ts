import { NextResponse, type NextRequest } from 'next/server';
import { CSRF_COOKIE, SESSION_COOKIE } from '@/lib/contracts/auth';
import type { ApiErrorBody } from '@/lib/contracts/error';
import { matchRoute } from '@/server/auth/policy';
import { getConfig } from '@/server/config/load';
import { routeSpecs } from '@/server/openapi/routes';

/**
 * The first path segment that is not valid percent-encoded UTF-8 (a bad "%" sequence, an overlong or surrogate
 * byte sequence), or null. Next decodes route params with decodeURIComponent after this proxy has run and answers a
 * failure with a plain-text 500 without the security headers, before any route code: such paths are answered here.
 */
export function malformedSegment(pathname: string): string | null {
  for (const segment of pathname.split('/')) {
    if (!segment.includes('%')) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }
  return null;
}

/**
 * Security headers for every response, a fresh CSP nonce for every page (Next applies it to its own scripts), and
 * the CSRF cookie the browser echoes on state-changing API calls. Authorization itself happens in each API route
 * (withApiErrors), never here: this only sends signed-out browsers to the login page.
 */
const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * For an API path no route serves, the status to answer (404, or 405 with the methods it does serve); null when a
 * route serves it. Next answers these itself with an HTML page or an empty body; the route table is the OpenAPI one
 * (server/auth/route-coverage.test.ts keeps it equal to the route files).
 */
export function unroutable(method: string, pathname: string): { status: 404 | 405; allow: string[] } | null {
  // Next answers OPTIONS for every route file itself (204 with Allow).
  if (method === 'OPTIONS' || matchRoute(routeSpecs, method, pathname)) return null;
  const allow = ROUTE_METHODS.filter((m) => matchRoute(routeSpecs, m, pathname));
  if (allow.length) return { status: 405, allow };
  // Other unknown paths are pages: Next's not-found page answers them.
  return pathname === '/api' || pathname.startsWith('/api/') ? { status: 404, allow } : null;
}

function refuse(csp: string, status: number, code: string, message: string, headers: Record<string, string> = {}): NextResponse {
  const body: ApiErrorBody = { error: { code, message } };
  const res = NextResponse.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });
  res.headers.set('content-security-policy', csp);
  return res;
}

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const dev = process.env.NODE_ENV === 'development';
  const csp = [
    "default-src 'self'",
    // next dev needs eval for React's debugging stacks; production never gets it.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Charts set style attributes; styles cannot run code, scripts stay nonce-only.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

  const { pathname, search } = request.nextUrl;
  const bad = malformedSegment(pathname);
  // Only ASCII reaches here (the path is still percent-encoded), so the segment can be quoted as it came.
  if (bad !== null) return refuse(csp, 400, 'BAD_REQUEST', `Invalid path segment "${bad.slice(0, 200)}": not valid percent-encoded UTF-8`);
  const missing = unroutable(request.method, pathname);
  if (missing?.status === 404) return refuse(csp, 404, 'NOT_FOUND', `No API route ${pathname.slice(0, 200)}`);
  if (missing) return refuse(csp, 405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${pathname.slice(0, 200)} (allowed: ${missing.allow.join(', ')})`, { allow: missing.allow.join(', ') });
  const isApi = pathname.startsWith('/api/');
  const signedOut = getConfig().auth !== undefined && !request.cookies.has(SESSION_COOKIE);
  let response: NextResponse;
  if (signedOut && !isApi && pathname !== '/login') {
    const login = new URL('/login', request.url);
    login.searchParams.set('next', `${pathname}${search}`);
    response = NextResponse.redirect(login);
  } else {
    const headers = new Headers(request.headers);
    headers.set('x-nonce', nonce);
    headers.set('content-security-policy', csp);
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set('content-security-policy', csp);
  // X-Content-Type-Options, Referrer-Policy and X-Frame-Options come from next.config.js, for static files too.
  if (!request.cookies.has(CSRF_COOKIE)) {
    response.cookies.set(CSRF_COOKIE, Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64url'), {
      sameSite: 'lax',
      secure: request.nextUrl.protocol === 'https:',
      path: '/',
    });
  }
  return response;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico).*)', missing: [{ type: 'header', key: 'next-router-prefetch' }] }],
};
