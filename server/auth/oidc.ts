import 'server-only';
import { jwtVerify, SignJWT } from 'jose';
import * as client from 'openid-client';
import { z } from 'zod';
import { getConfig } from '../config/load';
import type { AuthConfig } from '../config/schema';
import { ApiError, BadRequestError, UnauthenticatedError, UnreachableError } from '../http/errors';
import { logger } from '../logger';
import { isHttps, readCookies, serializeCookie } from './cookies';
import { clearSessionCookie, sessionCookies } from './login';
import { rolesFromClaim } from './principal';
import { currentAuth } from './request-context';
import { sessionKey } from './secret';

type OidcConfig = NonNullable<AuthConfig['oidc']>;

const FLOW_COOKIE = 'wharf-oidc';
const FLOW_MINUTES = 10;
const OIDC_TIMEOUT_S = 10;

const flowSchema = z.object({ state: z.string(), nonce: z.string(), verifier: z.string() });

const CONFIG_KEY = Symbol.for('wharf.oidc-config');
type GlobalWithOidc = typeof globalThis & { [CONFIG_KEY]?: Promise<client.Configuration> };

function oidcConfig(): OidcConfig {
  const oidc = getConfig().auth?.oidc;
  if (!oidc) throw new BadRequestError('OpenID Connect is not configured (auth.oidc in the config)');
  return oidc;
}

/** Discovery once per process; a failure is not cached, so the next sign-in retries. */
function discover(oidc: OidcConfig): Promise<client.Configuration> {
  const g = globalThis as GlobalWithOidc;
  g[CONFIG_KEY] ??= client
    .discovery(new URL(oidc.issuer), oidc.clientId, undefined, client.ClientSecretPost(oidc.clientSecret), {
      timeout: OIDC_TIMEOUT_S,
      // An http:// issuer is only accepted because the config names it explicitly (a lab or test provider).
      execute: oidc.issuer.startsWith('http://') ? [client.allowInsecureRequests] : [],
    })
    .catch((err: unknown) => {
      delete g[CONFIG_KEY];
      logger.warn({ err, issuer: oidc.issuer }, 'OIDC discovery failed');
      throw new UnreachableError(`Identity provider ${oidc.issuer} did not answer discovery`);
    });
  return g[CONFIG_KEY];
}

function redirectUri(req: Request, oidc: OidcConfig): string {
  return oidc.redirectUrl ?? new URL('/api/auth/oidc/callback', req.url).toString();
}

function redirect(location: string, cookies: string[]): Response {
  const headers = new Headers({ location, 'cache-control': 'no-store' });
  for (const c of cookies) headers.append('set-cookie', c);
  return new Response(null, { status: 302, headers });
}

/** Starts sign-in: PKCE + state + nonce kept in a short-lived signed cookie, then off to the provider. */
export async function oidcLoginRedirect(req: Request): Promise<Response> {
  const oidc = oidcConfig();
  const config = await discover(oidc);
  const flow = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier() };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(req, oidc),
    scope: oidc.scopes.join(' '),
    code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: 'S256',
    state: flow.state,
    nonce: flow.nonce,
  });
  const token = await new SignJWT(flow).setProtectedHeader({ alg: 'HS256' }).setAudience('wharf-oidc-flow').setExpirationTime(`${FLOW_MINUTES}m`).sign(await sessionKey());
  // Lax: the provider sends the browser back with a top-level GET, which Lax cookies accompany.
  return redirect(url.toString(), [serializeCookie(FLOW_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: isHttps(req), maxAgeSeconds: FLOW_MINUTES * 60, path: '/api/auth/oidc' })]);
}

type Claims = client.IDToken | (client.UserInfoResponse & client.IDToken);

/**
 * Conformant providers put the claims of requested scopes (profile's preferred_username, a custom scope's roles)
 * in the ID token only when no access token is issued; with the code flow they serve them from userinfo. So when
 * the ID token lacks the username or roles claim, ask userinfo (its subject must be the ID token's); the signed
 * ID token wins where both have a claim.
 */
async function withUserInfo(config: client.Configuration, oidc: OidcConfig, idToken: client.IDToken, accessToken: string): Promise<Claims> {
  if (idToken[oidc.usernameClaim] !== undefined && idToken[oidc.rolesClaim] !== undefined) return idToken;
  if (!config.serverMetadata().userinfo_endpoint) return idToken;
  const info = await client.fetchUserInfo(config, accessToken, idToken.sub);
  return { ...info, ...idToken };
}

/** Finishes sign-in: checks state, nonce and PKCE through openid-client, maps the roles claim, sets the session. */
export async function oidcCallback(req: Request): Promise<Response> {
  const oidc = oidcConfig();
  const config = await discover(oidc);
  const raw = readCookies(req).get(FLOW_COOKIE);
  if (!raw) throw new UnauthenticatedError('Sign-in expired or was started elsewhere; start again');
  let flow: z.infer<typeof flowSchema>;
  try {
    flow = flowSchema.parse((await jwtVerify(raw, await sessionKey(), { audience: 'wharf-oidc-flow', algorithms: ['HS256'] })).payload);
  } catch {
    throw new UnauthenticatedError('Sign-in expired or was tampered with; start again');
  }
  const current = new URL(req.url);
  const callbackUrl = new URL(redirectUri(req, oidc));
  callbackUrl.search = current.search;
  let claims: Claims;
  try {
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true });
    const idToken = tokens.claims();
    if (!idToken) throw new UnauthenticatedError('The identity provider sent no ID token');
    claims = await withUserInfo(config, oidc, idToken, tokens.access_token);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    logger.warn({ err }, 'OIDC callback refused');
    throw new UnauthenticatedError('The identity provider did not confirm the sign-in');
  }
  const nameClaim = claims[oidc.usernameClaim];
  const username = typeof nameClaim === 'string' && nameClaim ? nameClaim : claims.sub;
  const roles = rolesFromClaim(claims[oidc.rolesClaim], oidc.defaultRole);
  const g = currentAuth();
  if (g) g.auditUser = username;
  const cookies = await sessionCookies(req, { sub: username, src: 'oidc', dr: roles.defaultRole, cr: roles.connectionRoles });
  const clearFlow = serializeCookie(FLOW_COOKIE, '', { httpOnly: true, sameSite: 'Lax', secure: isHttps(req), maxAgeSeconds: 0, path: '/api/auth/oidc' });
  return redirect('/', [...cookies, clearFlow]);
}

export { clearSessionCookie };
