import { policyParamsSchema, policyPreviewBodySchema } from '@/lib/contracts/rabbitmq-policies';
import { getConnectorOf } from '@/server/connections/registry';
import { parseBody } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { previewPolicy } from '@/server/rabbitmq/policies';
import { parseObjectParams, type ObjectParams } from '@/server/rabbitmq/route-params';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withApiErrors<ObjectParams>(async (req, ctx) => {
  const { id, vhost, name } = await parseObjectParams(policyParamsSchema, ctx.params);
  const body = await parseBody(policyPreviewBodySchema, req);
  return Response.json(await previewPolicy(getConnectorOf(id, 'rabbitmq'), 'policy', vhost, name, body));
});
