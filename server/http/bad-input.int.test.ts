import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, withAuthConfig, type Session } from '@/test/support/auth-harness';
import { createQueue, deleteQueues, openAmqp, publishMany, rabbitmqctlCounts, uniqueName } from '@/test/rabbitmq/helpers';

withAuthConfig();

type Spec = { method: string; path: string; tag: string };
let admin: Session;
let specs: Spec[] = [];
const queues: string[] = [];

beforeAll(async () => {
  admin = await login('admin');
  const { routeSpecs } = await import('@/server/openapi/routes');
  specs = routeSpecs.map((s) => ({ method: s.method.toUpperCase(), path: s.path, tag: s.tag }));
});

afterAll(async () => {
  await deleteQueues(queues);
  const { closeStore } = await import('@/server/store/store');
  await closeStore();
});

async function errorOf(res: Response): Promise<{ status: number; code?: string; message?: string }> {
  const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  return { status: res.status, code: body?.error?.code, message: body?.error?.message };
}

/** Lets pending promise callbacks and timers of the last request run, so a rejection nobody handles shows up. */
const settle = () => new Promise((r) => setTimeout(r, 50));

describe('an unknown connection id', () => {
  it('is a 404 naming the id on every GET route that takes one, with no unhandled rejection behind it', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    const wrong: string[] = [];
    try {
      for (const s of specs.filter((x) => x.method === 'GET' && x.path.includes('{id}'))) {
        const params = { id: 'wharf-no-such-connection', vhost: '/', name: 'q', topic: 't', group: 'g' };
        const res = await call(admin, 'GET', s.path, params, { signal: AbortSignal.timeout(8000) });
        const e = await errorOf(res);
        // A query the route requires may be refused first; the id is never a 500 or a hang.
        const ok = (e.status === 404 && e.code === 'NOT_FOUND' && e.message === 'No connection with id "wharf-no-such-connection"') || (e.status === 400 && !/path parameter id/.test(e.message ?? ''));
        if (!ok) wrong.push(`${s.path} -> ${e.status} ${e.code} ${e.message}`);
        await settle();
      }
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(wrong).toEqual([]);
    expect(unhandled).toEqual([]);
  });
});

describe('a vhost that does not exist', () => {
  const vhost = `wharf-no-such-vhost-${Date.now()}`;

  it('is a 404 naming the vhost for a publish (RabbitMQ refuses the AMQP connection.open), not 503', async () => {
    for (let i = 0; i < 2; i++) {
      // Twice: a refused vhost is an answer, not an outage that makes the next call fail fast with 503.
      const e = await errorOf(await call(admin, 'POST', '/api/connections/{id}/exchanges/{vhost}/{name}/publish', { id: 'local-rabbitmq', vhost, name: 'amq.direct' }, { body: { payload: 'x' } }));
      expect(e).toEqual({ status: 404, code: 'NOT_FOUND', message: `vhost "${vhost}" not found or not accessible on "local-rabbitmq"` });
    }
  });

  it('is a 404 on every route that names it, and the default vhost still works afterwards', async () => {
    const wrong: string[] = [];
    for (const s of specs.filter((x) => x.path.includes('{vhost}'))) {
      const res = await call(admin, s.method, s.path, { id: 'local-rabbitmq', vhost, name: 'wharf-no-such-object' }, { signal: AbortSignal.timeout(8000), ...(s.method === 'GET' ? {} : { body: {} }) });
      const e = await errorOf(res);
      // Bodies of the wrong shape are refused before the vhost is looked at; that is a 400 naming a body field.
      if (!(e.status === 404 || (e.status === 400 && /body|query/.test(e.message ?? '')))) wrong.push(`${s.method} ${s.path} -> ${e.status} ${e.code} ${e.message}`);
    }
    expect(wrong).toEqual([]);
    const q = uniqueName('vhost-ok');
    queues.push(q);
    await createQueue(q);
    const res = await call(admin, 'POST', '/api/connections/{id}/exchanges/{vhost}/{name}/publish', { id: 'local-rabbitmq', vhost: '/', name: 'amq.default' }, { body: { routingKey: q, payload: 'x' } });
    expect(await res.json()).toEqual({ routed: true });
  });
});

describe('a header value nested 5,000 levels deep', () => {
  it('is a 400 naming the field, and nothing is published', async () => {
    const q = uniqueName('deep');
    queues.push(q);
    await createQueue(q);
    const deep = `${'['.repeat(5000)}1${']'.repeat(5000)}`;
    const e = await errorOf(
      await call(admin, 'POST', '/api/connections/{id}/exchanges/{vhost}/{name}/publish', { id: 'local-rabbitmq', vhost: '/', name: 'amq.default' }, { rawBody: `{"routingKey":"${q}","payload":"x","headers":{"h":${deep}}}` }),
    );
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/^Invalid body field headers\.h\.0\.0.*: nested deeper than 64 levels$/);
    // Within the input limit but past the header schema's own.
    const e17 = await errorOf(
      await call(admin, 'POST', '/api/connections/{id}/exchanges/{vhost}/{name}/publish', { id: 'local-rabbitmq', vhost: '/', name: 'amq.default' }, { rawBody: `{"routingKey":"${q}","payload":"x","headers":{"h":${'['.repeat(17)}1${']'.repeat(17)}}}` }),
    );
    expect(e17).toEqual({ status: 400, code: 'BAD_REQUEST', message: 'Invalid body field headers: header values nest at most 16 levels' });
    expect(rabbitmqctlCounts().get(q)).toBe(0);
  });
});

describe('a lone surrogate in a RabbitMQ name', () => {
  it('is a 400 naming the field wherever the name comes from, never a URIError', async () => {
    const src = uniqueName('surrogate-src');
    queues.push(src);
    await createQueue(src);
    const model = await openAmqp();
    await publishMany(model, src, 3, (i) => ({ body: Buffer.from(String(i)) }));
    await model.close();
    const cases: Array<[string, string, Record<string, string>, string | undefined, RegExp]> = [
      ['GET', '/api/connections/{id}/queues/{vhost}/{name}', { id: 'local-rabbitmq', vhost: '/', name: 'q\ud800' }, undefined, /^Invalid path parameter name: not well-formed/],
      ['GET', '/api/connections/{id}/exchanges/{vhost}/{name}', { id: 'local-rabbitmq', vhost: '\udfff', name: 'x' }, undefined, /^Invalid path parameter vhost: not well-formed/],
      ['POST', '/api/connections/{id}/queues', { id: 'local-rabbitmq' }, JSON.stringify({ vhost: '/', name: 'wharf-test-\ud800', type: 'classic' }), /^Invalid body field name: not well-formed/],
      ['POST', '/api/jobs', {}, JSON.stringify({ params: { kind: 'rabbitmq-move', source: { connection: 'local-rabbitmq', queue: src }, target: { connection: 'local-rabbitmq', queue: 'wharf-test-\ud800' } } }), /^Invalid body field params\.target\.queue: not well-formed/],
    ];
    for (const [method, template, params, rawBody, message] of cases) {
      // The harness cannot put a lone surrogate in a URL either: it is handed over as Next would (decoded) params.
      const { routeModule, ORIGIN } = await import('@/test/support/auth-harness');
      const handler = (await routeModule(template))[method as 'GET']!;
      const url = new URL(template.replace(/\{([^}]+)\}/g, (_, k: string) => encodeURIComponent(params[k].replace(/\p{Cs}/gu, '\uFFFD'))), ORIGIN);
      const headers: Record<string, string> = { cookie: admin.cookie, 'sec-fetch-site': 'same-origin', host: new URL(ORIGIN).host };
      if (method !== 'GET') Object.assign(headers, { origin: ORIGIN, 'x-wharf-csrf': admin.csrf, 'content-type': 'application/json' });
      const res = await handler(new Request(url, { method, headers, body: rawBody }), { params: Promise.resolve(params) });
      const e = await errorOf(res);
      expect(e.status, template).toBe(400);
      expect(e.message, template).toMatch(message);
    }
    expect(rabbitmqctlCounts().get(src)).toBe(3);
  });
});
