import type { ConnectionList } from '@/lib/contracts/connections';
import { connectionsForCaller } from '@/server/auth/capabilities';
import { summarizeAll } from '@/server/connections/registry';
import { withApiErrors } from '@/server/http/with-api-errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The connections the caller holds a role on (a user granted one connection only sees that one). */
export const GET = withApiErrors(async () => {
  const body: ConnectionList = { connections: connectionsForCaller(await summarizeAll()) };
  return Response.json(body);
});
