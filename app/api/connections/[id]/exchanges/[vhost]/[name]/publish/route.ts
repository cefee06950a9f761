import { objectParamsSchema } from '@/lib/contracts/rabbitmq';
import { publishBodySchema } from '@/lib/contracts/rabbitmq-messages';
import { getConnectorOf } from '@/server/connections/registry';
import { parseBody } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { amqpExchangeName } from '@/server/rabbitmq/browse';
import { assertWritable } from '@/server/rabbitmq/guard';
import { publishMessage } from '@/server/rabbitmq/publish';
import { parseObjectParams, type ObjectParams } from '@/server/rabbitmq/route-params';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Base64 of a 4 MiB payload plus headers. */
const MAX_PUBLISH_BODY_BYTES = 6 * 1024 * 1024;

export const POST = withApiErrors<ObjectParams>(async (req, ctx) => {
  const { id, vhost, name } = await parseObjectParams(objectParamsSchema, ctx.params);
  const connector = getConnectorOf(id, 'rabbitmq');
  assertWritable(connector);
  const body = await parseBody(publishBodySchema, req, MAX_PUBLISH_BODY_BYTES);
  return Response.json(await publishMessage(connector, vhost, amqpExchangeName(name), body));
});
