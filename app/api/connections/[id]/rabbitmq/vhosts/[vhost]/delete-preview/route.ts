import { vhostParamsSchema } from '@/lib/contracts/rabbitmq';
import { getConnectorOf } from '@/server/connections/registry';
import { parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { vhostDeletePreview } from '@/server/rabbitmq/vhost-admin';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApiErrors<{ id: string; vhost: string }>(async (_req, ctx) => {
  const { id, vhost } = await parseParams(vhostParamsSchema, ctx.params);
  return Response.json(await vhostDeletePreview(getConnectorOf(id, 'rabbitmq'), vhost));
});
