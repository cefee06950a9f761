import { loginBodySchema } from '@/lib/contracts/auth';
import { loginLocal, meOf } from '@/server/auth/login';
import { parseBody } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withApiErrors(async (req) => {
  const { username, password } = await parseBody(loginBodySchema, req, 4096);
  const { principal, cookies } = await loginLocal(req, username, password);
  const headers = new Headers({ 'cache-control': 'no-store' });
  for (const c of cookies) headers.append('set-cookie', c);
  return Response.json(meOf(principal), { headers });
});
