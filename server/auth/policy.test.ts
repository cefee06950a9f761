import { describe, expect, it } from 'vitest';
import { routeSpecs } from '../openapi/routes';
import { isAudited, matchRoute, requiredPermission, type PolicySpec } from './policy';

const c = '/api/connections/{id}';
const spec = (method: PolicySpec['method'], path: string, extra: Partial<PolicySpec> = {}): PolicySpec => ({ method, path, ...extra });

describe('requiredPermission (derived)', () => {
  const cases: Array<[PolicySpec, string]> = [
    [spec('get', `${c}/topics`), 'viewer'],
    [spec('get', `${c}/topics/{topic}`), 'viewer'],
    [spec('get', `${c}/topics/{topic}/messages`), 'reader'],
    [spec('get', `${c}/topics/{topic}/messages/stream`), 'reader'],
    [spec('get', `${c}/queues/{vhost}/{name}/contents`), 'reader'],
    [spec('post', `${c}/topics`), 'admin'],
    [spec('delete', `${c}/topics/{topic}`), 'admin'],
    [spec('post', `${c}/topics/{topic}/partitions`), 'admin'],
    [spec('patch', `${c}/topics/{topic}/configs`), 'admin'],
    [spec('post', `${c}/topics/{topic}/messages`), 'operator'],
    [spec('delete', `${c}/topics/{topic}/messages`), 'operator'],
    [spec('post', `${c}/queues`), 'admin'],
    [spec('put', `${c}/queues/{vhost}/{name}`), 'admin'],
    [spec('delete', `${c}/queues/{vhost}/{name}`), 'admin'],
    [spec('delete', `${c}/queues/{vhost}/{name}/contents`), 'operator'],
    [spec('post', `${c}/queues/{vhost}/{name}/move/proposal`), 'operator'],
    [spec('post', `${c}/exchanges`), 'admin'],
    [spec('delete', `${c}/exchanges/{vhost}/{name}`), 'admin'],
    [spec('post', `${c}/exchanges/{vhost}/{name}/publish`), 'operator'],
    [spec('post', `${c}/bindings`), 'admin'],
    [spec('delete', `${c}/bindings`), 'admin'],
    [spec('delete', `${c}/consumer-groups/{group}`), 'admin'],
    [spec('post', `${c}/consumer-groups/{group}/offsets`), 'operator'],
    [spec('post', '/api/users'), 'admin'],
    [spec('delete', '/api/users/{username}'), 'admin'],
  ];
  it.each(cases)('%o needs %s', (s, want) => {
    expect(requiredPermission(s, s.method, s.path)).toBe(want);
  });

  it('lets an explicit permission win', () => {
    expect(requiredPermission(spec('post', `${c}/queues/{vhost}/{name}/messages`, { permission: 'reader' }), 'POST', '')).toBe('reader');
    expect(requiredPermission(spec('get', '/api/users', { permission: 'admin' }), 'GET', '/api/users')).toBe('admin');
  });

  it('without a spec: reads need viewer (reader for contents), anything else admin', () => {
    expect(requiredPermission(null, 'GET', '/api/connections/x/new-thing')).toBe('viewer');
    expect(requiredPermission(null, 'GET', '/api/connections/x/topics/t/messages')).toBe('reader');
    expect(requiredPermission(null, 'POST', '/api/connections/x/new-thing')).toBe('admin');
    expect(requiredPermission(null, 'PATCH', '/api/anything')).toBe('admin');
  });
});

describe('every current route spec', () => {
  it.each(routeSpecs.map((s) => [s.method.toUpperCase(), s.path, s] as const))('%s %s gets a sound permission', (method, path, s) => {
    const p = requiredPermission(s, method, path);
    if (s.method === 'get') {
      expect(['public', 'viewer', 'reader', 'admin']).toContain(p);
      if (/\/(messages|contents)(\/|$)/.test(path) && !s.permission) expect(p).toBe('reader');
    } else {
      // No mutation is open to viewers or readers unless its spec says so explicitly (login, logout).
      if (!s.permission) expect(['operator', 'admin']).toContain(p);
      expect(isAudited(s, method, path)).toBe(true);
    }
    if (p === 'public') expect(path.startsWith('/api/auth/') || path === '/api/health' || path === '/api/health/ready').toBe(true);
  });

  it('keeps users and the audit log admin-only', () => {
    for (const s of routeSpecs.filter((r) => r.path.startsWith('/api/users') || r.path.startsWith('/api/audit'))) {
      expect(requiredPermission(s, s.method, s.path)).toBe('admin');
    }
  });
});

describe('matchRoute', () => {
  const specs = [
    spec('get', `${c}/queues/{vhost}/{name}`),
    spec('get', `${c}/queues/{vhost}/{name}/contents`),
    spec('get', `${c}/queues/search/{q}`),
    spec('post', `${c}/queues`),
  ];

  it('matches templates segment by segment and decodes each parameter once', () => {
    const m = matchRoute(specs, 'GET', '/api/connections/local-rabbitmq/queues/%2F/orders%2Fdead');
    expect(m?.spec.path).toBe(`${c}/queues/{vhost}/{name}`);
    expect(m?.params).toEqual({ id: 'local-rabbitmq', vhost: '/', name: 'orders/dead' });
  });

  it('prefers the more literal template and checks the method', () => {
    expect(matchRoute(specs, 'GET', '/api/connections/x/queues/search/abc')?.spec.path).toBe(`${c}/queues/search/{q}`);
    expect(matchRoute(specs, 'HEAD', '/api/connections/x/queues/a/b/contents')?.spec.path).toBe(`${c}/queues/{vhost}/{name}/contents`);
    expect(matchRoute(specs, 'DELETE', '/api/connections/x/queues/a/b')).toBeNull();
    expect(matchRoute(specs, 'POST', '/api/connections/x/queues/')?.spec.path).toBe(`${c}/queues`);
  });

  it('refuses empty segments and keeps malformed escapes as they are', () => {
    expect(matchRoute(specs, 'GET', '/api/connections//queues/a/b')).toBeNull();
    expect(matchRoute(specs, 'GET', '/api/connections/x/queues/%E0%A4%A/b')?.params.vhost).toBe('%E0%A4%A');
  });
});

describe('isAudited', () => {
  it('records mutations and content reads, not metadata reads', () => {
    expect(isAudited(spec('post', `${c}/topics`), 'POST', '')).toBe(true);
    expect(isAudited(spec('get', `${c}/topics/{topic}/messages`), 'GET', '')).toBe(true);
    expect(isAudited(spec('get', `${c}/topics`), 'GET', '')).toBe(false);
    expect(isAudited(spec('get', '/api/auth/me', { audit: false }), 'GET', '')).toBe(false);
    expect(isAudited(null, 'DELETE', '/api/x')).toBe(true);
  });
});
