import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import { channelListQuerySchema } from '@/lib/contracts/rabbitmq-connections';
import { getConnectorOf } from '@/server/connections/registry';
import { parseParams, parseQuery } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { listChannels } from '@/server/rabbitmq/connections';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors<{ id: string }>(async (req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  return Response.json(await listChannels(getConnectorOf(id, 'rabbitmq'), parseQuery(channelListQuerySchema, req)));
});
