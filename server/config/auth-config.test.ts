import { describe, expect, it } from 'vitest';
import { parseConfig } from './load';

const hash = '$2b$12$5NGSLS8MF.0xMYFtBWz9dOZTbfSN5wgQi4js2D9o0cWCwHxUD4RzS';
const base = "connections:\n  - { id: k, kind: kafka, brokers: ['h:9092'] }\n";

describe('auth config', () => {
  it('is optional: existing configs stay valid and mean "no login"', () => {
    const c = parseConfig(base, 'w.yaml');
    expect(c.auth).toBeUndefined();
    expect(c.connections[0]).toMatchObject({ masking: [] });
  });

  it('parses users, roles, grants, OIDC and defaults', () => {
    const c = parseConfig(
      `${base}auth:
  sessionSecret: \${SECRET}
  users:
    - { username: alice, passwordHash: '${hash}', role: reader, connections: { k: operator } }
    - { username: bob, passwordHash: '${hash}' }
  oidc: { issuer: 'https://id.example', clientId: wharf, clientSecret: '\${OIDC_SECRET}' }
`,
      'w.yaml',
      { SECRET: 's'.repeat(40), OIDC_SECRET: 'o' },
    );
    expect(c.auth).toMatchObject({ sessionTtlMinutes: 480, sessionSecret: 's'.repeat(40) });
    expect(c.auth!.users[0]).toMatchObject({ role: 'reader', connections: { k: 'operator' } });
    expect(c.auth!.users[1]).toMatchObject({ role: 'viewer', connections: {} });
    expect(c.auth!.oidc).toMatchObject({ scopes: ['openid', 'profile', 'email'], rolesClaim: 'wharf_roles', usernameClaim: 'preferred_username', defaultRole: null });
  });

  it('names bad hashes, short secrets, unknown roles, unknown connections and duplicate users', () => {
    const user = (extra: string) => `${base}auth:\n  users:\n    - { username: a, passwordHash: '${hash}'${extra} }\n`;
    expect(() => parseConfig(`${base}auth:\n  users:\n    - { username: a, passwordHash: 'plain' }\n`, 'w.yaml')).toThrow(/auth\.users\[0\]\.passwordHash: must be a bcrypt hash/);
    expect(() => parseConfig(`${base}auth: { sessionSecret: short }\n`, 'w.yaml')).toThrow(/auth\.sessionSecret: must be at least 32 characters/);
    expect(() => parseConfig(user(', role: root'), 'w.yaml')).toThrow(/auth\.users\[0\]\.role/);
    expect(() => parseConfig(user(', connections: { nope: viewer }'), 'w.yaml')).toThrow(/auth\.users\[0\]\.connections\.nope: unknown connection "nope"/);
    expect(() => parseConfig(`${user('')}    - { username: a, passwordHash: '${hash}' }\n`, 'w.yaml')).toThrow(/auth\.users\[1\]\.username: duplicate username "a"/);
    expect(() => parseConfig(`${base}auth: { password: x }\n`, 'w.yaml')).toThrow(/auth: Unrecognized key: "password"/);
  });

  it('parses masking rules and refuses a bad regex', () => {
    const c = parseConfig("connections:\n  - { id: k, kind: kafka, brokers: ['h:9092'], masking: [{ resource: '^pay', fields: [card.number] }] }\n", 'w.yaml');
    expect(c.connections[0].masking).toEqual([{ resource: '^pay', fields: ['card.number'], headers: [] }]);
    expect(() => parseConfig("connections:\n  - { id: k, kind: kafka, brokers: ['h:9092'], masking: [{ resource: '(' }] }\n", 'w.yaml')).toThrow(
      /connections\[0\]\.masking\[0\]\.resource: must be a valid regular expression/,
    );
  });
});
