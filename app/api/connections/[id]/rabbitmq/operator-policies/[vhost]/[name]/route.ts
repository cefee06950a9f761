import { deletePolicyQuerySchema, policyBodySchema, policyParamsSchema } from '@/lib/contracts/rabbitmq-policies';
import { getConnectorOf } from '@/server/connections/registry';
import { parseBody, parseQuery } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { deletePolicy, putPolicy } from '@/server/rabbitmq/policies';
import { parseObjectParams, type ObjectParams } from '@/server/rabbitmq/route-params';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const PUT = withApiErrors<ObjectParams>(async (req, ctx) => {
  const { id, vhost, name } = await parseObjectParams(policyParamsSchema, ctx.params);
  const body = await parseBody(policyBodySchema, req);
  return Response.json({ ok: true, action: await putPolicy(getConnectorOf(id, 'rabbitmq'), 'operator', vhost, name, body) });
});

export const DELETE = withApiErrors<ObjectParams>(async (req, ctx) => {
  const { id, vhost, name } = await parseObjectParams(policyParamsSchema, ctx.params);
  const { confirm } = parseQuery(deletePolicyQuerySchema, req);
  await deletePolicy(getConnectorOf(id, 'rabbitmq'), 'operator', vhost, name, confirm);
  return Response.json({ ok: true, action: 'delete' });
});
