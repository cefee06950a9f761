import { auditQuerySchema } from '@/lib/contracts/auth';
import { AuditLog } from '@/server/auth/audit-log';
import { getAuthDb } from '@/server/auth/store-schema';
import { parseQuery } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors(async (req) => {
  const { format, ...filters } = parseQuery(auditQuerySchema, req);
  const entries = await new AuditLog(await getAuthDb()).query(filters);
  if (format === 'jsonl') {
    const body = entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length ? '\n' : '');
    return new Response(body, {
      headers: {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'content-disposition': `attachment; filename="wharf-audit-${new Date().toISOString().slice(0, 10)}.jsonl"`,
        'cache-control': 'no-store',
      },
    });
  }
  return Response.json({ entries }, { headers: { 'cache-control': 'no-store' } });
});
