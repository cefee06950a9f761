import { userParamsSchema } from '@/lib/contracts/auth';
import { deleteStoreUser } from '@/server/auth/user-admin';
import { parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const DELETE = withApiErrors<{ username: string }>(async (_req, ctx) => {
  const { username } = await parseParams(userParamsSchema, ctx.params);
  await deleteStoreUser(username);
  return Response.json({ ok: true });
});
