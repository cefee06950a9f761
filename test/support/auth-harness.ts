import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const TEST_PASSWORD = 'wharf-test-password';
export const ORIGIN = 'http://127.0.0.1:3004';
export const repoRoot = path.resolve(__dirname, '../..');

/**
 * Points this test file's process at the login-enabled config and a fresh data folder. Call before importing any
 * server module (they read the config once and cache it on globalThis).
 */
export function withAuthConfig(file = 'test/wharf.auth.yaml'): string {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wharf-auth-'));
  process.env.WHARF_CONFIG = path.resolve(repoRoot, file);
  process.env.WHARF_DATA_DIR = dataDir;
  process.env.WHARF_TEST_RABBITMQ_PASSWORD ??= 'guest';
  for (const key of ['wharf.config', 'wharf.session-secret', 'wharf.store', 'wharf.auth-db', 'wharf.registry']) {
    delete (globalThis as Record<symbol, unknown>)[Symbol.for(key)];
  }
  return dataDir;
}

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type RouteModule = Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', Handler>>;

/** The route module for an OpenAPI path: /api/connections/{id}/topics -> app/api/connections/[id]/topics/route.ts. */
export async function routeModule(openapiPath: string): Promise<RouteModule> {
  const file = path.join(repoRoot, 'app', openapiPath.replace(/\{([^}]+)\}/g, '[$1]'), 'route.ts');
  return (await import(file)) as RouteModule;
}

/** Fills a path template: /api/connections/{id}/x -> /api/connections/local-kafka/x (values percent-encoded). */
export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, k: string) => encodeURIComponent(params[k] ?? `missing-${k}`));
}

export type Session = { name: string; cookie: string; csrf: string };
export const anonymous: Session = { name: 'anonymous', cookie: '', csrf: '' };

export type CallOptions = { query?: Record<string, string>; body?: unknown; rawBody?: string; headers?: Record<string, string>; signal?: AbortSignal };

/** Calls a real route handler the way Next would: same-origin browser headers, the session's cookies and token. */
export async function call(session: Session, method: string, template: string, params: Record<string, string>, o: CallOptions = {}): Promise<Response> {
  const mod = await routeModule(template);
  const handler = mod[method as keyof RouteModule];
  if (!handler) throw new Error(`${template} exports no ${method}`);
  const url = new URL(fillPath(template, params), ORIGIN);
  for (const [k, v] of Object.entries(o.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = { 'sec-fetch-site': 'same-origin', origin: ORIGIN, host: new URL(ORIGIN).host, 'x-forwarded-for': '127.0.0.1' };
  if (session.cookie) headers.cookie = session.cookie;
  if (session.csrf && method !== 'GET') headers['x-wharf-csrf'] = session.csrf;
  if (method === 'GET') delete headers.origin;
  const body = o.rawBody ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
  if (body !== undefined) headers['content-type'] = 'application/json';
  const req = new Request(url, { method, headers: { ...headers, ...o.headers }, body, signal: o.signal });
  // Next hands route params to handlers already percent-decoded.
  return handler(req, { params: Promise.resolve({ ...params }) });
}

function cookiesOf(res: Response): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const eq = pair.indexOf('=');
    out.set(pair.slice(0, eq), decodeURIComponent(pair.slice(eq + 1)));
  }
  return out;
}

/** Signs in through the real login route (double-submit CSRF before sign-in) and returns the session. */
export async function login(username: string, password = TEST_PASSWORD): Promise<Session> {
  const pre = 'pre-login-csrf-token-0123456789';
  const res = await call({ name: username, cookie: `wharf-csrf=${pre}`, csrf: pre }, 'POST', '/api/auth/login', {}, { body: { username, password } });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookies = cookiesOf(res);
  const csrf = cookies.get('wharf-csrf') ?? '';
  return { name: username, cookie: `wharf-session=${cookies.get('wharf-session')}; wharf-csrf=${csrf}`, csrf };
}

export { cookiesOf };
