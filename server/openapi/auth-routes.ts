import 'server-only';
import { z } from 'zod';
import { auditListSchema, auditQuerySchema, createUserBodySchema, loginBodySchema, meSchema, okSchema, userListSchema, userParamsSchema } from '@/lib/contracts/auth';
import type { RouteSpec } from './routes';

const tag = 'auth';
const redirect = z.null().describe('302 redirect');

/** Login, sessions, users and the audit log. */
export const authRouteSpecs: RouteSpec[] = [
  { method: 'post', path: '/api/auth/login', tag, summary: 'Sign in with a local user; sets the session and CSRF cookies', body: loginBodySchema, response: meSchema, permission: 'public' },
  { method: 'post', path: '/api/auth/logout', tag, summary: 'Sign out: clears the session cookie', response: okSchema, permission: 'public' },
  { method: 'get', path: '/api/auth/me', tag, summary: 'Who is signed in, and whether login is configured at all', response: meSchema, permission: 'public', audit: false },
  { method: 'get', path: '/api/auth/oidc/login', tag, summary: 'Start OpenID Connect sign-in (302 to the identity provider)', response: redirect, permission: 'public' },
  {
    method: 'get',
    path: '/api/auth/oidc/callback',
    tag,
    summary: 'OpenID Connect redirect target: checks the code, sets the session, 302 to the app',
    response: redirect,
    permission: 'public',
    audit: true,
  },
  {
    method: 'get',
    path: '/api/audit',
    tag,
    summary: 'Audit log, newest first, with filters; ?format=jsonl exports JSON lines',
    query: auditQuerySchema,
    response: auditListSchema,
    produces: 'application/json',
    permission: 'admin',
  },
  { method: 'get', path: '/api/users', tag, summary: 'Users from the config file and the store', response: userListSchema, permission: 'admin' },
  { method: 'post', path: '/api/users', tag, summary: 'Create a user in the store', body: createUserBodySchema, response: okSchema, permission: 'admin' },
  { method: 'delete', path: '/api/users/{username}', tag, summary: 'Delete a user from the store', params: userParamsSchema, response: okSchema, permission: 'admin' },
];
