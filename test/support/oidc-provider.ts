import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/** Accounts of the test provider: the username and the roles claim each one's tokens carry (absent: no claim). */
export type TestAccount = { username: string; roles?: string[] };

export type TestProvider = { issuer: string; clientId: string; clientSecret: string; close: () => Promise<void> };

/**
 * A real OpenID Connect provider (panva's oidc-provider) on a 127.0.0.1 port, with its development login and
 * consent pages: any password signs in as the typed login. Conformant defaults, so profile and custom-scope claims
 * are served from userinfo, not put in the ID token, as many providers do.
 */
export async function startTestProvider(o: { redirectUri: string; accounts: Record<string, TestAccount>; rolesClaim: string }): Promise<TestProvider> {
  const clientId = 'wharf-test';
  const clientSecret = `oidc-secret-${Date.now()}-0123456789abcdef`;
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config: Configuration = {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [o.redirectUri], response_types: ['code'], grant_types: ['authorization_code'], token_endpoint_auth_method: 'client_secret_post' }],
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'], wharf: [o.rolesClaim] },
    scopes: ['openid', 'profile', 'wharf'],
    pkce: { required: () => true },
    cookies: { keys: [`cookie-key-${Date.now()}-abcdefghijklmnop`] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, sub) {
      const account = o.accounts[sub];
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { sub, preferred_username: account.username, name: account.username, ...(account.roles ? { [o.rolesClaim]: account.roles } : {}) };
        },
      };
    },
  };
  const provider = new Provider(issuer, config);
  // The development pages warn on every start; the tests know.
  provider.on('server_error', (_ctx, err) => console.error('oidc-provider server_error', err));
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/** A browser's cookie jar for one origin: enough for the provider's interaction and session cookies. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1).trim());
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** fetch without following redirects, sending and keeping cookies. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: this.header() } });
    this.store(res);
    return res;
  }
}
