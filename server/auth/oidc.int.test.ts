import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, call, cookiesOf, ORIGIN, withAuthConfig, type Session } from '@/test/support/auth-harness';
import { CookieJar, startTestProvider, type TestProvider } from '@/test/support/oidc-provider';

const REDIRECT_URI = `${ORIGIN}/api/auth/oidc/callback`;
const ROLES_CLAIM = 'wharf_roles';
const accounts = {
  'oidc-admin': { username: 'olivia', roles: ['admin'] },
  // Roles per connection next to a provider's other groups, which Wharf ignores.
  'oidc-kafka-op': { username: 'kai', roles: ['viewer', 'local-kafka:operator', 'staff', 'local-rabbitmq:superuser'] },
  'oidc-no-claim': { username: 'nora' },
  'oidc-unknown-role': { username: 'uma', roles: ['superuser', 'wharf-admins'] },
};

let provider: TestProvider;

beforeAll(async () => {
  provider = await startTestProvider({ redirectUri: REDIRECT_URI, accounts, rolesClaim: ROLES_CLAIM });
  process.env.WHARF_TEST_OIDC_ISSUER = provider.issuer;
  process.env.WHARF_TEST_OIDC_CLIENT_ID = provider.clientId;
  process.env.WHARF_TEST_OIDC_CLIENT_SECRET = provider.clientSecret;
  withAuthConfig('test/wharf.oidc.yaml');
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('wharf.oidc-config')];
});

afterAll(async () => {
  await provider?.close();
  const { closeStore } = await import('@/server/store/store');
  await closeStore();
});

type Started = { authorizeUrl: URL; flowCookie: string };

/** Wharf's login route: a redirect to the provider and the signed flow cookie (state, nonce, PKCE verifier). */
async function startLogin(): Promise<Started> {
  const res = await call(anonymous, 'GET', '/api/auth/oidc/login', {});
  expect(res.status).toBe(302);
  const flow = res.headers.getSetCookie().find((c) => c.startsWith('wharf-oidc='));
  expect(flow).toMatch(/HttpOnly/);
  expect(flow).toMatch(/SameSite=Lax/);
  expect(flow).toMatch(/Path=\/api\/auth\/oidc/);
  return { authorizeUrl: new URL(res.headers.get('location') ?? ''), flowCookie: `wharf-oidc=${encodeURIComponent(cookiesOf(res).get('wharf-oidc') ?? '')}` };
}

/** Submits the provider's development form on an interaction page (login or consent) and follows to the next step. */
async function submitInteraction(jar: CookieJar, interactionUrl: URL, fields: Record<string, string>): Promise<URL> {
  const page = await jar.fetch(interactionUrl.toString());
  expect(page.status).toBe(200);
  const action = /<form[^>]*action="([^"]+)"/.exec(await page.text())?.[1];
  expect(action).toBeDefined();
  const submitted = await jar.fetch(new URL(action ?? '', interactionUrl).toString(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  expect([302, 303]).toContain(submitted.status);
  const resume = await jar.fetch(new URL(submitted.headers.get('location') ?? '', interactionUrl).toString());
  expect([302, 303]).toContain(resume.status);
  return new URL(resume.headers.get('location') ?? '', interactionUrl);
}

/** The browser's side at the provider: authorize, sign in as `login`, consent; returns where it sends us back. */
async function atProvider(authorizeUrl: URL, login: string): Promise<URL> {
  expect(authorizeUrl.origin).toBe(provider.issuer);
  expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
  const jar = new CookieJar();
  const authorize = await jar.fetch(authorizeUrl.toString());
  expect([302, 303]).toContain(authorize.status);
  let next = new URL(authorize.headers.get('location') ?? '', authorizeUrl);
  next = await submitInteraction(jar, next, { prompt: 'login', login, password: 'any password works here' });
  if (next.pathname.startsWith('/interaction/')) next = await submitInteraction(jar, next, { prompt: 'consent' });
  expect(`${next.origin}${next.pathname}`).toBe(REDIRECT_URI);
  return next;
}

/** Wharf's callback with the flow cookie, as the browser would send it. */
async function callback(back: URL, flowCookie: string): Promise<Response> {
  return call({ name: 'browser', cookie: flowCookie, csrf: '' }, 'GET', '/api/auth/oidc/callback', {}, { query: Object.fromEntries(back.searchParams) });
}

/** The whole sign-in; returns the Wharf session it ends with. */
async function signIn(login: string): Promise<Session> {
  const { authorizeUrl, flowCookie } = await startLogin();
  const res = await callback(await atProvider(authorizeUrl, login), flowCookie);
  expect(res.status).toBe(302);
  expect(res.headers.get('location')).toBe('/');
  const cookies = cookiesOf(res);
  expect(res.headers.getSetCookie().find((c) => c.startsWith('wharf-session='))).toMatch(/HttpOnly/);
  // The flow cookie is spent: cleared at the end of the sign-in.
  expect(res.headers.getSetCookie().find((c) => c.startsWith('wharf-oidc='))).toMatch(/Max-Age=0/);
  const csrf = cookies.get('wharf-csrf') ?? '';
  return { name: login, cookie: `wharf-session=${cookies.get('wharf-session')}; wharf-csrf=${csrf}`, csrf };
}

async function me(session: Session): Promise<unknown> {
  return (await call(session, 'GET', '/api/auth/me', {})).json();
}

async function errorOf(res: Response): Promise<{ status: number; message: string }> {
  return { status: res.status, message: ((await res.json()) as { error: { message: string } }).error.message };
}

describe('OpenID Connect sign-in against a real provider', () => {
  it('says OIDC is on before anyone signs in', async () => {
    expect(await me(anonymous)).toEqual({ authEnabled: true, oidc: true, user: null });
  });

  it('signs in through authorize, login and consent; the session has the username and the role from the claim', async () => {
    const olivia = await signIn('oidc-admin');
    expect(await me(olivia)).toEqual({ authEnabled: true, oidc: true, user: { username: 'olivia', source: 'oidc', defaultRole: 'admin', connectionRoles: {} } });
    // The role is real on the server: admin-only routes answer.
    expect((await call(olivia, 'GET', '/api/audit', {})).status).toBe(200);
  });

  it('maps per-connection grants and ignores values that are not Wharf roles', async () => {
    const kai = await signIn('oidc-kafka-op');
    expect(await me(kai)).toMatchObject({ user: { username: 'kai', source: 'oidc', defaultRole: 'viewer', connectionRoles: { 'local-kafka': 'operator' } } });
    const flags = ((await (await call(kai, 'GET', '/api/connections', {})).json()) as { connections: Array<{ id: string; capabilities: { mutations: boolean } }> }).connections;
    expect(flags.find((c) => c.id === 'local-kafka')?.capabilities.mutations).toBe(true);
    expect(flags.find((c) => c.id === 'local-rabbitmq')?.capabilities.mutations).toBe(false);
    expect(await errorOf(await call(kai, 'GET', '/api/audit', {}))).toEqual({ status: 403, message: 'User "kai" has viewer; GET /api/audit needs admin' });
  });

  it('signs in a user without the roles claim, or with only unknown roles, with no role (auth.oidc.defaultRole: null): every route refuses them', async () => {
    for (const [login, username] of [['oidc-no-claim', 'nora'], ['oidc-unknown-role', 'uma']]) {
      const session = await signIn(login);
      expect(await me(session)).toEqual({ authEnabled: true, oidc: true, user: { username, source: 'oidc', defaultRole: null, connectionRoles: {} } });
      expect(await errorOf(await call(session, 'GET', '/api/connections', {}))).toEqual({ status: 403, message: `User "${username}" has no role on any connection; GET /api/connections needs viewer on a connection` });
    }
  });

  it('refuses a tampered state, and sets no session', async () => {
    const { authorizeUrl, flowCookie } = await startLogin();
    const back = await atProvider(authorizeUrl, 'oidc-admin');
    const state = back.searchParams.get('state') ?? '';
    back.searchParams.set('state', `${state.slice(0, -2)}xx`);
    const res = await callback(back, flowCookie);
    expect(await errorOf(res)).toEqual({ status: 401, message: 'The identity provider did not confirm the sign-in' });
    expect(res.headers.getSetCookie().some((c) => c.startsWith('wharf-session='))).toBe(false);
  });

  it('refuses a callback without the flow cookie, or with a tampered one', async () => {
    const { authorizeUrl, flowCookie } = await startLogin();
    const back = await atProvider(authorizeUrl, 'oidc-admin');
    expect(await errorOf(await callback(back, ''))).toEqual({ status: 401, message: 'Sign-in expired or was started elsewhere; start again' });
    expect(await errorOf(await callback(back, flowCookie.replace(/.{4}$/, 'AAAA')))).toEqual({ status: 401, message: 'Sign-in expired or was tampered with; start again' });
  });

  it('refuses a code used twice (the provider revokes it)', async () => {
    const { authorizeUrl, flowCookie } = await startLogin();
    const back = await atProvider(authorizeUrl, 'oidc-admin');
    expect((await callback(back, flowCookie)).status).toBe(302);
    expect(await errorOf(await callback(back, flowCookie))).toEqual({ status: 401, message: 'The identity provider did not confirm the sign-in' });
  });
});
