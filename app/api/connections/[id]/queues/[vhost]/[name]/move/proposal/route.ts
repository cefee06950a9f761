import { objectParamsSchema } from '@/lib/contracts/rabbitmq';
import { redriveProposalBodySchema } from '@/lib/contracts/rabbitmq-messages';
import { getConnectorOf } from '@/server/connections/registry';
import { parseBody } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { assertWritable } from '@/server/rabbitmq/guard';
import { proposeRedrive } from '@/server/rabbitmq/redrive-proposal';
import { parseObjectParams, type ObjectParams } from '@/server/rabbitmq/route-params';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * Where the head message was dead-lettered from: the proposed destination of a redrive. A POST: it reads the head
 * message and puts it back, which a GET must never do (same-origin/CSRF checks, operator role, audit, read-only).
 */
export const POST = withApiErrors<ObjectParams>(async (req, ctx) => {
  const { id, vhost, name } = await parseObjectParams(objectParamsSchema, ctx.params);
  const connector = getConnectorOf(id, 'rabbitmq');
  assertWritable(connector);
  const body = await parseBody(redriveProposalBodySchema, req);
  return Response.json(await proposeRedrive(connector, vhost, name, body.confirmDeliveryLimit));
});
