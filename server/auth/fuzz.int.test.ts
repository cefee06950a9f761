import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, withAuthConfig, type Session } from '@/test/support/auth-harness';

withAuthConfig();

const CASES = Number(process.env.WHARF_FUZZ_CASES ?? 2000);
const CEL_CASES = 300;
const STREAM_READ_MS = 3000;
const HANG_MS = 15_000;
const topic = `wharf-test-${Date.now()}-fuzz`;

/** Deterministic PRNG (mulberry32) so a failing case can be replayed from its number. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY_STRINGS = [
  '',
  ' ',
  '..',
  '../../etc/passwd',
  '%00',
  '\u0000',
  'a'.repeat(300),
  'x'.repeat(5000),
  '💥'.repeat(20),
  "'; DROP TABLE wharf_audit; --",
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '__proto__',
  'constructor',
  '-1',
  '1e309',
  'NaN',
  '{}',
  '[]',
  'null',
  '\\',
  '/',
  '%2F',
  '%E0%A4%A',
  'a b',
  'UPPER',
];

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
];

type Spec = { method: string; path: string };

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)];
}

function nastyValue(r: () => number): unknown {
  const kind = Math.floor(r() * 9);
  if (kind === 0) return pick(r, NASTY_STRINGS);
  if (kind === 1) return Math.floor(r() * 2 ** 53) * (r() < 0.5 ? -1 : 1);
  if (kind === 2) return r() < 0.5 ? null : true;
  if (kind === 3) return [pick(r, NASTY_STRINGS), 1, null];
  if (kind === 4) return { [pick(r, NASTY_STRINGS)]: pick(r, NASTY_STRINGS) };
  if (kind === 5) return 1.5;
  if (kind === 6) return { __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } };
  if (kind === 7) {
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = { a: deep };
    return deep;
  }
  return pick(r, NASTY_STRINGS);
}

/** A body that no route accepts: wrong JSON, wrong types, oversized, or fields of the wrong kind. */
function nastyBody(r: () => number): { rawBody?: string; body?: unknown } {
  const kind = Math.floor(r() * 8);
  if (kind === 0) return { rawBody: pick(r, ['{', '{"a":', 'not json', '[1,2', '\u0000', '{"a":1}}']) };
  if (kind === 1) return { rawBody: `{"payload":"${'x'.repeat(2_200_000)}"}` };
  if (kind === 2) return { body: nastyValue(r) };
  if (kind === 3) return { body: { name: nastyValue(r), partitions: nastyValue(r), vhost: nastyValue(r) } };
  if (kind === 4) return { body: { username: pick(r, NASTY_STRINGS), password: nastyValue(r) } };
  if (kind === 5) return { body: Array.from({ length: 50 }, () => nastyValue(r)) };
  if (kind === 6) return { rawBody: '' };
  return { body: { count: nastyValue(r), offset: nastyValue(r), filter: pick(r, CEL_EXPRESSIONS), destination: nastyValue(r) } };
}

let admin: Session;
let specs: Spec[] = [];

beforeAll(async () => {
  admin = await login('admin');
  execFileSync('bash', ['scripts/kafka.sh', 'topics', '--create', '--topic', topic, '--partitions', '1', '--replication-factor', '1'], { stdio: 'ignore' });
  const input = Array.from({ length: 5 }, (_, i) => `k${i}:{"amount":${i * 7},"a":{"b":"x"}}`).join('\n');
  execFileSync('kcat', ['-P', '-b', '127.0.0.1:9092', '-t', topic, '-K:'], { input });
  const { routeSpecs } = await import('@/server/openapi/routes');
  // Sign-out would end the session the fuzzer uses; everything else is fair game.
  specs = routeSpecs.filter((s) => s.path !== '/api/auth/logout').map((s) => ({ method: s.method.toUpperCase(), path: s.path }));
}, 120_000);

afterAll(async () => {
  execFileSync('bash', ['scripts/kafka.sh', 'topics', '--delete', '--topic', topic], { stdio: 'ignore' });
  const { closeStore } = await import('@/server/store/store');
  await closeStore();
});

const BROKER_CODES = new Set(['UNREACHABLE', 'TIMEOUT', 'UNAVAILABLE']);

async function outcome(res: Response): Promise<{ status: number; code?: string; message: string | null }> {
  const type = res.headers.get('content-type') ?? '';
  if (res.status >= 400) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    return { status: res.status, code: body?.error?.code, message: body?.error?.code && body.error.message ? body.error.message : null };
  }
  if (type.includes('event-stream')) {
    // A tail never ends by itself: read what comes within a few seconds, then hang up as a browser would.
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
  return { status: res.status, message: 'ok' };
}

describe('fuzz: malformed params, queries, bodies and CEL filters', () => {
  it(`answers ${CASES} malformed requests with 4xx and a message, never 5xx`, async () => {
    const r = rng(20261125);
    const bad: string[] = [];
    const statuses = new Map<number, number>();
    const slow: string[] = [];
    let brokerBusy = 0;
    for (let i = 0; i < CASES; i++) {
      if (i % 100 === 0) console.log(`fuzz case ${i}, slow so far: ${slow.length}, bad: ${bad.length}`, slow.slice(-2), bad.slice(-2));
      const spec = pick(r, specs);
      const rabbit = /\/(overview|vhosts|exchanges|queues|bindings)(\/|$)/.test(spec.path);
      const params: Record<string, string> = {
        id: r() < 0.8 ? (rabbit ? 'local-rabbitmq' : 'local-kafka') : String(pick(r, NASTY_STRINGS)),
        // Unknown vhosts make RabbitMQ refuse the AMQP connection (503, reported separately), so only '/' here.
        vhost: '/',
        name: `wharf-fuzz-${String(pick(r, NASTY_STRINGS))}`,
        topic: r() < 0.5 ? `wharf-fuzz-${i}` : String(pick(r, NASTY_STRINGS)),
        group: String(pick(r, NASTY_STRINGS)),
        username: String(pick(r, NASTY_STRINGS)),
        jobId: String(pick(r, NASTY_STRINGS)),
      };
      const query: Record<string, string> = {};
      for (let q = Math.floor(r() * 4); q > 0; q--) {
        query[pick(r, ['limit', 'offset', 'partition', 'filter', 'from', 'to', 'search', 'sort', 'page', 'pageSize', 'vhost', 'mode', 'format', 'confirm', 'range', 'step'])] = String(nastyValue(r)).slice(0, 3000);
      }
      // Headers can only carry bytes, as on the wire: non-Latin-1 values go percent-encoded.
      const weird: Record<string, string> = r() < 0.05 ? { cookie: `wharf-session=${encodeURIComponent(pick(r, NASTY_STRINGS))}` } : {};
      const session = r() < 0.05 ? { ...admin, csrf: encodeURIComponent(pick(r, NASTY_STRINGS)) } : admin;
      const t0 = Date.now();
      const pending = call(session, spec.method, spec.path, params, {
        query,
        headers: weird,
        signal: AbortSignal.timeout(10_000),
        ...(spec.method === 'GET' ? {} : nastyBody(r)),
      });
      // A handler that never answers is a failure of its own (every broker call must have a timeout).
      const res = await Promise.race([pending, new Promise<null>((resolve) => setTimeout(() => resolve(null), HANG_MS))]);
      if (!res) {
        bad.push(`#${i} ${spec.method} ${spec.path} ${JSON.stringify(params).slice(0, 200)} ${JSON.stringify(query).slice(0, 200)} -> no answer in ${HANG_MS} ms`);
        continue;
      }
      const o = await outcome(res);
      const took = Date.now() - t0;
      if (took > 3000) slow.push(`#${i} ${spec.method} ${spec.path} ${JSON.stringify(params).slice(0, 200)} ${JSON.stringify(query).slice(0, 200)} -> ${o.status} in ${took} ms: ${o.message?.slice(0, 200)}`);
      statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
      // A broker too slow to answer is a 503 naming the connection (house rule 5), not a fault of the input.
      if (o.status === 503 && o.code && BROKER_CODES.has(o.code) && o.message) brokerBusy++;
      else if (o.status >= 500 || (o.status >= 400 && !o.message)) bad.push(`#${i} ${spec.method} ${spec.path} ${JSON.stringify(params)} ${JSON.stringify(query).slice(0, 200)} -> ${o.status} ${o.message}`);
    }
    console.log('fuzz statuses', Object.fromEntries(statuses), 'broker too slow (503):', brokerBusy, 'slow', slow);
    expect(bad).toEqual([]);
  }, 1_500_000);

  it(`evaluates ${CEL_CASES} hostile CEL filters within bounds: 200 or 400, never 5xx`, async () => {
    const r = rng(7);
    const bad: string[] = [];
    for (let i = 0; i < CEL_CASES; i++) {
      const filter = r() < 0.7 ? pick(r, CEL_EXPRESSIONS) : Array.from({ length: 1 + Math.floor(r() * 6) }, () => pick(r, CEL_EXPRESSIONS)).join(pick(r, [' && ', ' || ', ' ', '.']));
      const started = Date.now();
      const res = await call(admin, 'GET', '/api/connections/{id}/topics/{topic}/messages/stream', { id: 'local-kafka', topic }, {
        query: { filter: filter.slice(0, 2000), mode: 'scan', timeLimitMs: '2000' },
        signal: AbortSignal.timeout(20_000),
      });
      const o = await outcome(res);
      if (!(o.status === 200 || (o.status === 400 && o.message))) bad.push(`${filter.slice(0, 80)} -> ${o.status} ${o.message}`);
      if (Date.now() - started > 15_000) bad.push(`${filter.slice(0, 80)} took ${Date.now() - started} ms`);
    }
    expect(bad).toEqual([]);
  }, 600_000);

  it('is still healthy afterwards', async () => {
    expect((await call(admin, 'GET', '/api/health', {})).status).toBe(200);
    expect((await call(admin, 'GET', '/api/connections/{id}/topics', { id: 'local-kafka' })).status).toBe(200);
    // The connection summary answers even when a loaded broker is slow (its status then says so).
    expect((await call(admin, 'GET', '/api/connections/{id}', { id: 'local-rabbitmq' })).status).toBe(200);
    // No prototype pollution leaked out of a parsed body.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
