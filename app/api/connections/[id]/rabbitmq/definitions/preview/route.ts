import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import { definitionsPreviewBodySchema, MAX_DEFINITIONS_BYTES } from '@/lib/contracts/rabbitmq-definitions';
import { getConnectorOf } from '@/server/connections/registry';
import { parseBody, parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { previewImport } from '@/server/rabbitmq/definitions';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const MAX_BODY = MAX_DEFINITIONS_BYTES + 64 * 1024;

/** A POST only because the file travels in the body: it reads the broker's definitions and changes nothing. */
export const POST = withApiErrors<{ id: string }>(async (req, ctx) => {
  const { id } = await parseParams(connectionIdParamsSchema, ctx.params);
  const body = await parseBody(definitionsPreviewBodySchema, req, MAX_BODY);
  return Response.json(await previewImport(getConnectorOf(id, 'rabbitmq'), body));
});
