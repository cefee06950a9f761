import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import { definitionsApplyBodySchema, definitionsExportQuerySchema, MAX_DEFINITIONS_BYTES } from '@/lib/contracts/rabbitmq-definitions';
import { getConnectorOf } from '@/server/connections/registry';
import { parseBody, parseParams, parseQuery } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { applyImport, exportDefinitions } from '@/server/rabbitmq/definitions';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The file plus the few fields around it (vhost, confirm). */
const MAX_BODY = MAX_DEFINITIONS_BYTES + 64 * 1024;

export const GET = withApiErrors<{ id: string }>(async (req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  const { definitions, fileName, usersLeftOut } = await exportDefinitions(getConnectorOf(id, 'rabbitmq'), parseQuery(definitionsExportQuerySchema, req));
  return new Response(`${JSON.stringify(definitions, null, 2)}\n`, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'no-store',
      'x-wharf-users-left-out': String(usersLeftOut),
    },
  });
});

export const POST = withApiErrors<{ id: string }>(async (req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  const body = await parseBody(definitionsApplyBodySchema, req, MAX_BODY);
  return Response.json(await applyImport(getConnectorOf(id, 'rabbitmq'), body));
});
