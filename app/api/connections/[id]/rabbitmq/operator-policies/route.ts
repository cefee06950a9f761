import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import { policyListQuerySchema } from '@/lib/contracts/rabbitmq-policies';
import { getConnectorOf } from '@/server/connections/registry';
import { parseParams, parseQuery } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { listPolicies } from '@/server/rabbitmq/policies';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors<{ id: string }>(async (req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  const { vhost } = parseQuery(policyListQuerySchema, req);
  return Response.json(await listPolicies(getConnectorOf(id, 'rabbitmq'), 'operator', vhost));
});
