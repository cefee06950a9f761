import { describe, expect, it } from 'vitest';
import { roleAtLeast } from '@/lib/contracts/auth';
import { roleFor, rolesFromClaim, type Principal } from './principal';
import { countsFrom, OMITTED, REDACTED, sanitizeParams } from './audit-sanitize';

describe('roles', () => {
  const p: Principal = { username: 'u', source: 'config', defaultRole: 'viewer', connectionRoles: { prod: 'operator', lab: 'viewer' } };

  it('uses the per-connection grant, else the default role', () => {
    expect(roleFor(p, 'prod')).toBe('operator');
    expect(roleFor(p, 'other')).toBe('viewer');
    expect(roleFor(p, null)).toBe('viewer');
    expect(roleFor({ ...p, defaultRole: null }, 'other')).toBeNull();
  });

  it('orders roles', () => {
    expect(roleAtLeast('admin', 'operator')).toBe(true);
    expect(roleAtLeast('reader', 'operator')).toBe(false);
    expect(roleAtLeast(null, 'viewer')).toBe(false);
  });

  it('maps an identity provider claim to roles', () => {
    expect(rolesFromClaim(['reader', 'prod:admin', 'prod:viewer', 'staff', 'x:root'], null)).toEqual({ defaultRole: 'reader', connectionRoles: { prod: 'admin' } });
    expect(rolesFromClaim('viewer operator', null)).toEqual({ defaultRole: 'operator', connectionRoles: {} });
    expect(rolesFromClaim(undefined, 'viewer')).toEqual({ defaultRole: 'viewer', connectionRoles: {} });
    expect(rolesFromClaim({ not: 'a list' }, null)).toEqual({ defaultRole: null, connectionRoles: {} });
  });
});

describe('audit parameters', () => {
  it('removes secrets and payloads, bounds sizes, keeps the rest', () => {
    const out = sanitizeParams({
      count: 5,
      partition: 0,
      password: 'p',
      apiKey: 'k',
      value: '{"card":1}',
      key: 'k1',
      headers: { a: 'b' },
      nested: { clientSecret: 's', name: 'x'.repeat(300) },
      list: Array.from({ length: 25 }, (_, i) => i),
    }) as Record<string, unknown>;
    expect(out).toMatchObject({ count: 5, partition: 0, password: REDACTED, apiKey: REDACTED, value: OMITTED, key: OMITTED, headers: OMITTED });
    expect((out.nested as Record<string, string>).clientSecret).toBe(REDACTED);
    expect((out.nested as Record<string, string>).name).toHaveLength(201);
    expect(out.list).toHaveLength(21);
  });

  it('replaces NUL characters, which PostgreSQL cannot store', () => {
    expect(sanitizeParams({ 'a\u0000': 'b\u0000c' })).toEqual({ 'a\uFFFD': 'b\uFFFDc' });
  });

  it('takes counts from a response', () => {
    expect(countsFrom({ purged: 12, ok: true, messages: [1, 2, 3], name: 'q' })).toEqual({ purged: 12, messages: 3 });
    expect(countsFrom([1, 2])).toEqual({ items: 2 });
    expect(countsFrom(null)).toEqual({});
  });
});
