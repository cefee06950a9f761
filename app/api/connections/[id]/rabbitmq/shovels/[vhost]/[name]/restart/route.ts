import { shovelParamsSchema } from '@/lib/contracts/rabbitmq-shovels';
import { getConnectorOf } from '@/server/connections/registry';
import { parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';
import { restartShovel } from '@/server/rabbitmq/shovels';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withApiErrors<{ id: string; vhost: string; name: string }>(async (_req, ctx) => {
  const { id, vhost, name } = await parseParams(shovelParamsSchema, ctx.params);
  await restartShovel(getConnectorOf(id, 'rabbitmq'), vhost, name);
  return Response.json({ ok: true });
});
