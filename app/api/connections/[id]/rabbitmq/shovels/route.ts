import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import { createShovelBodySchema, shovelListQuerySchema } from '@/lib/contracts/rabbitmq-shovels';
import { getConnectorOf } from '@/server/connections/registry';
import { parseBody, parseParams, parseQuery } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { createShovel, listShovels } from '@/server/rabbitmq/shovels';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors<{ id: string }>(async (req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  const { vhost } = parseQuery(shovelListQuerySchema, req);
  return Response.json(await listShovels(getConnectorOf(id, 'rabbitmq'), vhost));
});

export const POST = withApiErrors<{ id: string }>(async (req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  const body = await parseBody(createShovelBodySchema, req);
  await createShovel(getConnectorOf(id, 'rabbitmq'), body);
  return Response.json({ ok: true, name: body.name, vhost: body.vhost });
});
