import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, ORIGIN, repoRoot, routeModule, TEST_PASSWORD, withAuthConfig, type Session } from '@/test/support/auth-harness';
import { buildCorpus, operationsOf, pick, rng, sampleCorpus, type FuzzCase } from './fuzz-corpus';

withAuthConfig();

/**
 * Malformed requests over every operation of /api/openapi.json. `npm test` runs a seeded sample that keeps every
 * class (a few hundred requests); `npm run test:fuzz` (WHARF_FUZZ=full) runs the whole corpus. By default requests
 * go through Wharf in-process: the proxy first (as Next runs it), then the route handler with the params Next would
 * decode, with next.config.js's headers added as Next adds them. WHARF_FUZZ_BASE_URL sends them over HTTP to a
 * running server started with test/wharf.auth.yaml instead (cases that no URL can carry are left out).
 */
const FULL = process.env.WHARF_FUZZ === 'full';
const BASE_URL = process.env.WHARF_FUZZ_BASE_URL?.replace(/\/+$/, '');
const SEED = Number(process.env.WHARF_FUZZ_SEED ?? 20261125);
const RANDOM_CASES = FULL ? 2000 : 200;
const PER_KIND = Number(process.env.WHARF_FUZZ_PER_KIND ?? 30);
const CEL_CASES = FULL ? 300 : 30;
const STREAM_READ_MS = FULL ? 1500 : 500;
const HANG_MS = 15_000;
const topic = `wharf-fuzz-${Date.now()}-cel`;
const SECURITY_HEADERS = ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy'];
/** A broker too slow to answer is a 503 naming the connection (house rule 5), not a fault of the input. */
const BROKER_CODES = new Set(['UNREACHABLE', 'TIMEOUT', 'UNAVAILABLE']);

const CEL_EXPRESSIONS = [
  'value.amount > 10',
  'key == "k1"',
  'size(value) > 0',
  'value.a.b.c.d.e',
  '(((((((((((((((((((((((((((((1)))))))))))))))))))))))))))))',
  '1 +',
  'value.matches("(a+)+$")',
  'key.matches("(x+x+)+y")',
  '[1,2,3].map(x, [1,2,3].map(y, [1,2,3].map(z, x*y*z)))',
  'size([' + '1,'.repeat(500) + '1])',
  '"a" * 1000000',
  'dyn(value).unknownField == 1',
  'headers["x"] == "y"',
  'timestamp("bad")',
  'int("nope") == 1',
  '1/0 == 1',
  'value.__proto__',
  'this.constructor.constructor("return process")()',
  'process.exit(1)',
  'true ? 1 : "a"',
  '"x".repeat(100000)',
  'a'.repeat(1999),
  '!'.repeat(1999) + 'true',
  '-'.repeat(1999) + '1',
  "'unterminated",
  '@#$%^&',
  'key == "\ud800"',
  '('.repeat(1999),
];

type Sent = { status: number; headers: Headers; code?: string; message?: string; shapeOk: boolean };

let admin: Session;
let corpus: FuzzCase[] = [];
let configHeaders: Array<{ key: string; value: string }> = [];
const unhandled: string[] = [];
const onUnhandled = (e: unknown) => unhandled.push(String((e as Error)?.stack ?? e).slice(0, 500));

/** Signs in over HTTP the way a browser does (double-submit CSRF before sign-in). */
async function loginOverHttp(): Promise<Session> {
  const pre = 'pre-login-csrf-token-0123456789';
  const res = await fetch(`${BASE_URL}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `wharf-csrf=${pre}`, 'x-wharf-csrf': pre, origin: BASE_URL!, 'sec-fetch-site': 'same-origin' },
    body: JSON.stringify({ username: 'admin', password: TEST_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  const cookies = new Map(res.headers.getSetCookie().map((c) => c.split(';')[0].split('=') as [string, string]));
  const csrf = decodeURIComponent(cookies.get('wharf-csrf') ?? pre);
  return { name: 'admin', cookie: `wharf-session=${cookies.get('wharf-session')}; wharf-csrf=${csrf}`, csrf };
}

function requestHeaders(c: FuzzCase, origin: string): Record<string, string> {
  const h: Record<string, string> = { 'sec-fetch-site': 'same-origin', 'x-forwarded-for': '127.0.0.1' };
  const cookie = c.session?.cookie ?? admin.cookie;
  if (cookie) h.cookie = cookie;
  if (c.op.method !== 'GET') {
    h.origin = origin;
    h['x-wharf-csrf'] = c.session?.csrf ?? admin.csrf;
  }
  if (c.body !== undefined) h['content-type'] = 'application/json';
  return h;
}

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/** Next's pipeline, in-process: the proxy, then (if it lets the request through) the route handler. */
async function sendInProcess(c: FuzzCase, signal: AbortSignal): Promise<Response> {
  const url = `${ORIGIN}${c.rawPath}${c.query ? `?${c.query}` : ''}`;
  const init = { method: c.op.method, headers: { ...requestHeaders(c, ORIGIN), host: new URL(ORIGIN).host }, body: c.body as BodyInit | undefined, signal };
  const { proxy } = await import('@/proxy');
  const pre = proxy(new NextRequest(url, init));
  let res: Response = pre;
  const headers = new Headers();
  if (pre.headers.get('x-middleware-next') === '1' && !c.rawPath.split('/').every(decodes)) {
    // What Next 16 does with a path segment it cannot decode into a route param (seen on `next start`): a
    // plain-text 500, before any route code, without the headers of next.config.js.
    return new Response('Internal Server Error', { status: 500, headers: { 'content-type': 'text/plain' } });
  }
  if (pre.headers.get('x-middleware-next') === '1') {
    const handler = (await routeModule(c.op.path))[c.op.method as 'GET'];
    if (!handler) throw new Error(`${c.op.path} exports no ${c.op.method}`);
    const params = Object.fromEntries(c.op.pathParams.map((p) => [p, c.params[p]]));
    res = await handler(new Request(url, init), { params: Promise.resolve(params) });
    // Next adds what the proxy set on its NextResponse.next() (the CSP, the CSRF cookie) to the route's answer.
    for (const [k, v] of pre.headers) if (!k.startsWith('x-middleware-')) headers.set(k, v);
  }
  for (const [k, v] of res.headers) headers.set(k, v);
  for (const { key, value } of configHeaders) headers.set(key, value);
  return new Response(res.body, { status: res.status, headers });
}

async function sendOverHttp(c: FuzzCase, signal: AbortSignal): Promise<Response> {
  return fetch(`${BASE_URL}${c.rawPath}${c.query ? `?${c.query}` : ''}`, { method: c.op.method, headers: requestHeaders(c, BASE_URL!), body: c.body as BodyInit | undefined, signal, redirect: 'manual' });
}

async function read(res: Response): Promise<Sent> {
  const sent: Sent = { status: res.status, headers: res.headers, shapeOk: true };
  if (res.status >= 400) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null;
    const e = body?.error;
    sent.shapeOk = !!body && Object.keys(body).length === 1 && !!e && Object.keys(e).length === 2 && typeof e.code === 'string' && typeof e.message === 'string' && e.message.length > 0;
    if (typeof e?.code === 'string') sent.code = e.code;
    if (typeof e?.message === 'string') sent.message = e.message;
    return sent;
  }
  if ((res.headers.get('content-type') ?? '').includes('event-stream')) {
    // A tail never ends by itself: read what comes for a moment, then hang up as a browser would.
    const reader = res.body?.getReader();
    const stop = setTimeout(() => void reader?.cancel().catch(() => undefined), STREAM_READ_MS);
    try {
      while (reader && !(await reader.read()).done);
    } catch {
      // Cancelled by the timer.
    } finally {
      clearTimeout(stop);
    }
  } else await res.body?.cancel();
  return sent;
}

const send = (c: FuzzCase, signal: AbortSignal) => (BASE_URL ? sendOverHttp(c, signal) : sendInProcess(c, signal));

/** A well-formed GET through the same pipeline as the corpus. */
function getCase(template: string, params: Record<string, string>, query: Record<string, string> = {}): FuzzCase {
  const pathParams = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const op = { method: 'GET', path: template, tags: [], pathParams, queryParams: [], bodyFields: null };
  return { kind: 'check', op, params, query: new URLSearchParams(query).toString(), rawPath: template.replace(/\{([^}]+)\}/g, (_, k: string) => encodeURIComponent(params[k])) };
}

function label(c: FuzzCase): string {
  const body = c.body === undefined ? '' : ` body ${typeof c.body === 'string' ? c.body.slice(0, 120) : `<${c.body.byteLength} bytes>`}`;
  return `[${c.kind}] ${c.op.method} ${c.rawPath.slice(0, 160)}${c.query ? `?${c.query.slice(0, 120)}` : ''} ${JSON.stringify(c.params).slice(0, 160)}${body}`;
}

/** Everything wrong with one answer. */
function problemsOf(c: FuzzCase, s: Sent): string[] {
  const out: string[] = [];
  const brokerBusy = s.status === 503 && s.code !== undefined && BROKER_CODES.has(s.code) && !!s.message;
  if (s.status >= 500 && !brokerBusy) out.push(`${s.status} ${s.code ?? ''} ${s.message ?? ''}`);
  if (s.status >= 400 && !s.shapeOk) out.push(`${s.status} not in the error shape`);
  // Redirects excepted: Next itself answers a path with "//" by a bare 308 to the merged path, before any app code
  // (and a redirect has no content to protect).
  if (s.status < 300 || s.status >= 400) for (const h of SECURITY_HEADERS) if (!s.headers.get(h)) out.push(`${s.status} without ${h}`);
  const x = c.expect;
  if (x) {
    const refusedOther = x.unlessRefused && s.status === 400 && !/path parameter id/.test(s.message ?? '');
    if (!refusedOther && (s.status !== x.status || s.code !== x.code || (x.message && !x.message.test(s.message ?? '')))) {
      out.push(`${s.status} ${s.code ?? ''} (wanted ${x.status} ${x.code}${x.message ? ` ${x.message}` : ''}): ${s.message ?? ''}`);
    }
  }
  return out;
}

beforeAll(async () => {
  admin = BASE_URL ? await loginOverHttp() : await login('admin');
  const doc = BASE_URL
    ? ((await (await fetch(`${BASE_URL}/api/openapi.json`, { headers: { cookie: admin.cookie } })).json()) as Parameters<typeof operationsOf>[0])
    : ((await (await call(admin, 'GET', '/api/openapi.json', {})).json()) as Parameters<typeof operationsOf>[0]);
  const all = buildCorpus(operationsOf(doc), SEED, RANDOM_CASES).filter((c) => !(BASE_URL && c.inProcessOnly));
  corpus = FULL ? all : sampleCorpus(all, SEED, PER_KIND);
  const config = (await import(path.join(repoRoot, 'next.config.js'))) as { default: { headers(): Promise<Array<{ source: string; headers: Array<{ key: string; value: string }> }>> } };
  configHeaders = (await config.default.headers()).filter((r) => r.source === '/:path*').flatMap((r) => r.headers);
  execFileSync('bash', ['scripts/kafka.sh', 'topics', '--create', '--topic', topic, '--partitions', '1', '--replication-factor', '1'], { stdio: 'ignore' });
  const input = Array.from({ length: 5 }, (_, i) => `k${i}:{"amount":${i * 7},"a":{"b":"x"}}`).join('\n');
  execFileSync('kcat', ['-P', '-b', process.env.WHARF_TEST_KAFKA ?? '127.0.0.1:9092', '-t', topic, '-K:'], { input });
  process.on('unhandledRejection', onUnhandled);
}, 120_000);

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  execFileSync('bash', ['scripts/kafka.sh', 'topics', '--delete', '--topic', topic], { stdio: 'ignore' });
  await removeFuzzObjects();
  const { closeStore } = await import('@/server/store/store');
  await closeStore();
});

/** Anything a case managed to create despite everything (all fuzz names start with wharf-fuzz-). */
async function removeFuzzObjects(): Promise<void> {
  const auth = `Basic ${Buffer.from('guest:guest').toString('base64')}`;
  for (const kind of ['queues', 'exchanges']) {
    const list = (await (await fetch(`http://127.0.0.1:15672/api/${kind}?columns=name,vhost`, { headers: { authorization: auth } })).json()) as Array<{ name: string; vhost: string }>;
    for (const o of list.filter((x) => x.name.startsWith('wharf-fuzz-'))) {
      await fetch(`http://127.0.0.1:15672/api/${kind}/${encodeURIComponent(o.vhost)}/${encodeURIComponent(o.name)}`, { method: 'DELETE', headers: { authorization: auth } });
    }
  }
  const topics = execFileSync('kcat', ['-L', '-b', process.env.WHARF_TEST_KAFKA ?? '127.0.0.1:9092', '-J'], { encoding: 'utf8' });
  for (const t of (JSON.parse(topics) as { topics: Array<{ topic: string }> }).topics.filter((x) => x.topic.startsWith('wharf-fuzz-') && x.topic !== topic)) {
    execFileSync('bash', ['scripts/kafka.sh', 'topics', '--delete', '--topic', t.topic], { stdio: 'ignore' });
  }
}

describe('fuzz: malformed encodings, surrogates, deep nesting, oversized and mistyped input, unknown ids', () => {
  it('covers every operation of the OpenAPI document with every class', () => {
    const kinds = new Set(corpus.map((c) => c.kind));
    for (const k of ['percent-encoding', 'unknown-route', 'surrogate-query', 'surrogate-body', 'deep', 'oversize', 'wrong-type', 'unknown-id', 'random', 'session']) expect(kinds).toContain(k);
    if (!BASE_URL) expect(kinds).toContain('surrogate-param');
    if (FULL) {
      const ops = new Set(corpus.filter((c) => c.kind !== 'unknown-route').map((c) => `${c.op.method} ${c.op.path}`));
      expect(ops.size).toBeGreaterThan(40);
      for (const op of ops) expect(corpus.some((c) => c.kind === 'percent-encoding' && `${c.op.method} ${c.op.path}` === op), op).toBe(true);
    }
  });

  it('answers every case without a 5xx, in the error shape, with the security headers', async () => {
    const bad: string[] = [];
    const statuses = new Map<number, number>();
    const byKind = new Map<string, Map<number, number>>();
    let brokerBusy = 0;
    const started = Date.now();
    for (const [i, c] of corpus.entries()) {
      if (i % 250 === 0) console.log(`fuzz ${i}/${corpus.length}, ${bad.length} bad so far`, bad.slice(-2));
      const abort = new AbortController();
      const hang = setTimeout(() => abort.abort(), HANG_MS);
      let sent: Sent;
      try {
        const res = await send(c, abort.signal);
        sent = await read(res);
      } catch (e) {
        // A handler that never answers is a failure of its own (every broker call must have a timeout).
        bad.push(`#${i} ${label(c)} -> ${abort.signal.aborted ? `no answer in ${HANG_MS} ms` : `threw ${String(e).slice(0, 300)}`}`);
        continue;
      } finally {
        clearTimeout(hang);
      }
      statuses.set(sent.status, (statuses.get(sent.status) ?? 0) + 1);
      const perKind = byKind.get(c.kind) ?? new Map<number, number>();
      perKind.set(sent.status, (perKind.get(sent.status) ?? 0) + 1);
      byKind.set(c.kind, perKind);
      if (sent.status === 503 && sent.code && BROKER_CODES.has(sent.code)) brokerBusy++;
      for (const p of problemsOf(c, sent)) bad.push(`#${i} ${label(c)} -> ${p}`);
    }
    const figures = {
      mode: `${FULL ? 'full corpus' : `seeded sample (seed ${SEED}, up to ${PER_KIND} per class)`}, ${BASE_URL ? `over HTTP to ${BASE_URL}` : 'in-process'}`,
      requests: corpus.length,
      seconds: Math.round((Date.now() - started) / 1000),
      statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
      byClass: Object.fromEntries([...byKind].map(([k, m]) => [k, Object.fromEntries([...m].sort(([a], [b]) => a - b))])),
      brokerBusy503: brokerBusy,
    };
    console.log('fuzz figures', JSON.stringify(figures, null, 2));
    expect(bad).toEqual([]);
    expect(statuses.get(500) ?? 0).toBe(0);
    expect(unhandled).toEqual([]);
  }, 3_600_000);

  it(`evaluates ${CEL_CASES} hostile CEL filters within bounds: 200 or 400, never 5xx`, async () => {
    const r = rng(7);
    const bad: string[] = [];
    for (let i = 0; i < CEL_CASES; i++) {
      const filter = r() < 0.7 ? pick(r, CEL_EXPRESSIONS) : Array.from({ length: 1 + Math.floor(r() * 6) }, () => pick(r, CEL_EXPRESSIONS)).join(pick(r, [' && ', ' || ', ' ', '.']));
      const started = Date.now();
      const c = getCase('/api/connections/{id}/topics/{topic}/messages/stream', { id: 'local-kafka', topic }, { filter: filter.slice(0, 2000), mode: 'scan', timeLimitMs: '2000' });
      const o = await read(await send(c, AbortSignal.timeout(20_000)));
      if (!(o.status === 200 || (o.status === 400 && o.shapeOk))) bad.push(`${filter.slice(0, 80)} -> ${o.status} ${o.message}`);
      if (Date.now() - started > 15_000) bad.push(`${filter.slice(0, 80)} took ${Date.now() - started} ms`);
    }
    expect(bad).toEqual([]);
  }, 600_000);

  it('is still healthy afterwards', async () => {
    const status = async (template: string, params: Record<string, string> = {}) => (await read(await send(getCase(template, params), AbortSignal.timeout(20_000)))).status;
    expect(await status('/api/health')).toBe(200);
    expect(await status('/api/connections/{id}/topics', { id: 'local-kafka' })).toBe(200);
    // The connection summary answers even when a loaded broker is slow (its status then says so).
    expect(await status('/api/connections/{id}', { id: 'local-rabbitmq' })).toBe(200);
    // No prototype pollution leaked out of a parsed body.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
