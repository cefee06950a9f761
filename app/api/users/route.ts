import { createUserBodySchema } from '@/lib/contracts/auth';
import { listUsers, createStoreUser } from '@/server/auth/user-admin';
import { parseBody } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors(async () => Response.json({ users: await listUsers() }));

export const POST = withApiErrors(async (req) => {
  await createStoreUser(await parseBody(createUserBodySchema, req, 8192));
  return Response.json({ ok: true }, { status: 201 });
});
