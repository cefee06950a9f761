import { federationLinkParamsSchema, federationRestartQuerySchema } from '@/lib/contracts/rabbitmq-shovels';
import { getConnectorOf } from '@/server/connections/registry';
import { parseParams, parseQuery } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { restartFederationLink } from '@/server/rabbitmq/federation';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withApiErrors<{ id: string; vhost: string; name: string }>(async (req, ctx) => {
  const { id, vhost, name } = await parseParams(federationLinkParamsSchema, ctx.params);
  const { node } = parseQuery(federationRestartQuerySchema, req);
  await restartFederationLink(getConnectorOf(id, 'rabbitmq'), vhost, name, node);
  return Response.json({ ok: true });
});
