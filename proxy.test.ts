import path from 'node:path';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';

process.env.WHARF_CONFIG = path.resolve(__dirname, 'test/wharf.test.yaml');
process.env.WHARF_TEST_RABBITMQ_PASSWORD ??= 'guest';
let proxy: typeof import('./proxy').proxy;
let malformedSegment: typeof import('./proxy').malformedSegment;
beforeAll(async () => {
  ({ proxy, malformedSegment } = await import('./proxy'));
});

/** Percent sequences Next's decodeURIComponent of route params refuses: bad hex, cut sequences, overlong, surrogates. */
const MALFORMED = ['%', '%Z', '%ZZ', '%E0%A4%A', '%C0%AF', '%ED%A0%80', '%FF', '%80', 'a%2', '%F4%90%80%80'];

describe('proxy: malformed percent-encoding in the path', () => {
  it('finds exactly the segments decodeURIComponent refuses', () => {
    for (const bad of MALFORMED) expect(malformedSegment(`/api/connections/${bad}/topics`)).toBe(bad);
    for (const ok of ['/api/connections/local-kafka', '/api/connections/a%2Fb/queues/%2F/q%20%F0%9F%92%A5', '/api/x%00y', '/']) expect(malformedSegment(ok)).toBeNull();
  });

  it('answers them itself with 400 in the error shape, with the CSP and no-store, on API and page paths', async () => {
    for (const bad of MALFORMED) {
      for (const p of [`/api/connections/local-kafka/topics/${bad}`, `/api/${bad}/x`, `/topics/${bad}`]) {
        const res = proxy(new NextRequest(`http://127.0.0.1:3000${p}`));
        expect(res.status, p).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/application\/json/);
        expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(await res.json()).toEqual({ error: { code: 'BAD_REQUEST', message: `Invalid path segment "${bad}": not valid percent-encoded UTF-8` } });
      }
    }
  });

  it('lets well-formed paths through to Next with the CSP', () => {
    const res = proxy(new NextRequest('http://127.0.0.1:3000/api/connections/local-rabbitmq/queues/%2F/q%F0%9F%92%A5'));
    expect(res.headers.get('x-middleware-next')).toBe('1');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
  });
});

describe('proxy: API paths and methods no route serves', () => {
  it('answers an unknown API path 404 and a method the route lacks 405 (with Allow), in the error shape', async () => {
    const unknown = proxy(new NextRequest('http://127.0.0.1:3000/api/connections/local-kafka/no-such-thing'));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No API route /api/connections/local-kafka/no-such-thing' } });
    expect(unknown.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const wrong = proxy(new NextRequest('http://127.0.0.1:3000/api/health', { method: 'PUT' }));
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    expect(await wrong.json()).toEqual({ error: { code: 'METHOD_NOT_ALLOWED', message: 'PUT is not allowed on /api/health (allowed: GET)' } });
    expect(proxy(new NextRequest('http://127.0.0.1:3000/api/connections/x/queues/%2F/q', { method: 'POST' })).headers.get('allow')).toBe('GET, DELETE');
    // Documented routes outside /api too (Prometheus' /metrics).
    expect(proxy(new NextRequest('http://127.0.0.1:3000/metrics', { method: 'PUT' })).status).toBe(405);
    expect((await proxy(new NextRequest('http://127.0.0.1:3000/api')).json()) as unknown).toEqual({ error: { code: 'NOT_FOUND', message: 'No API route /api' } });
  });

  it('lets every documented route, HEAD and OPTIONS through, and leaves pages to Next', async () => {
    const { routeSpecs } = await import('@/server/openapi/routes');
    for (const spec of routeSpecs) {
      const p = spec.path.replace(/\{[^}]+\}/g, 'x');
      expect(proxy(new NextRequest(`http://127.0.0.1:3000${p}`, { method: spec.method.toUpperCase() })).headers.get('x-middleware-next'), `${spec.method} ${p}`).toBe('1');
    }
    expect(proxy(new NextRequest('http://127.0.0.1:3000/api/health', { method: 'HEAD' })).headers.get('x-middleware-next')).toBe('1');
    expect(proxy(new NextRequest('http://127.0.0.1:3000/api/health', { method: 'OPTIONS' })).headers.get('x-middleware-next')).toBe('1');
    expect(proxy(new NextRequest('http://127.0.0.1:3000/no-such-page')).headers.get('x-middleware-next')).toBe('1');
  });
});
