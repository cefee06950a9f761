import type { Health } from '@/lib/contracts/connections';
import { connectionIds } from '@/server/connections/registry';
import { withApiErrors } from '@/server/http/with-api-errors';
import { WHARF_VERSION } from '@/server/version';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors(async () => {
  const body: Health = { status: 'ok', version: WHARF_VERSION, uptimeSeconds: Math.round(process.uptime()), connections: connectionIds().length };
  return Response.json(body);
});
