import { alterBrokerConfigsSchema, brokerConfigParamsSchema } from '@/lib/contracts/broker-configs';
import { alterBrokerConfigs, getBrokerConfigs } from '@/server/kafka/broker-configs';
import { parseBody, parseParams } from '@/server/http/parse';
import { withApiErrors } from '@/server/http/with-api-errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { id: string; broker: string };

export const GET = withApiErrors<Params>(async (_req, ctx) => {
  const { id, broker } = await parseParams(brokerConfigParamsSchema, ctx.params);
  return Response.json(await getBrokerConfigs(id, broker));
});

export const PATCH = withApiErrors<Params>(async (req, ctx) => {
  const { id, broker } = await parseParams(brokerConfigParamsSchema, ctx.params);
  const body = await parseBody(alterBrokerConfigsSchema, req);
  return Response.json(await alterBrokerConfigs(id, broker, body));
});
