import { clearSessionCookie } from '@/server/auth/login';
import { withApiErrors } from '@/server/http/with-api-errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withApiErrors(async (req) => {
  return Response.json({ ok: true }, { headers: { 'set-cookie': clearSessionCookie(req), 'cache-control': 'no-store' } });
});
