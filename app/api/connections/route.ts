import type { ConnectionList } from '@/lib/contracts/connections';
import { forCaller } from '@/server/auth/capabilities';
import { summarizeAll } from '@/server/connections/registry';
import { withApiErrors } from '@/server/http/with-api-errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors(async () => {
  const body: ConnectionList = { connections: (await summarizeAll()).map(forCaller) };
  return Response.json(body);
});
