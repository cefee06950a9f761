import { CSRF_COOKIE } from '@/lib/contracts/auth';
import { readCookies, isHttps, serializeCookie } from '@/server/auth/cookies';
import { authenticate } from '@/server/auth/authenticate';
import { newCsrfToken } from '@/server/auth/csrf';
import { meOf } from '@/server/auth/login';
import { withApiErrors } from '@/server/http/with-api-errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Also (re)issues the CSRF cookie, so a browser that lost it can make changes again without signing in anew. */
export const GET = withApiErrors(async (req) => {
  const { principal, csrfExpected } = await authenticate(req);
  const headers = new Headers({ 'cache-control': 'no-store' });
  const token = csrfExpected ?? newCsrfToken();
  if (readCookies(req).get(CSRF_COOKIE) !== token) {
    headers.append('set-cookie', serializeCookie(CSRF_COOKIE, token, { sameSite: 'Lax', secure: isHttps(req) }));
  }
  return Response.json(meOf(principal), { headers });
});
