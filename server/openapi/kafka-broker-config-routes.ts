import 'server-only';
import { alterBrokerConfigsSchema, brokerConfigParamsSchema, brokerConfigsSchema } from '@/lib/contracts/broker-configs';
import type { RouteSpec } from './routes';

const tag = 'kafka';
const path = '/api/connections/{id}/brokers/{broker}/configs';

/** Broker and cluster-wide dynamic configs. */
export const kafkaBrokerConfigRouteSpecs: RouteSpec[] = [
  {
    method: 'get',
    path,
    tag,
    summary:
      'Configs of one broker ({broker} = its id) or the cluster-wide defaults ({broker} = cluster): value (sensitive ones masked as null), source (broker override, cluster default, server.properties, Kafka default), what a reset falls back to, dynamic or read-only, type and documentation; 404 for a broker not in the cluster',
    params: brokerConfigParamsSchema,
    response: brokerConfigsSchema,
    permission: 'viewer',
  },
  {
    method: 'patch',
    path,
    tag,
    summary:
      "Set or reset dynamic configs of one broker or the cluster-wide defaults incrementally (IncrementalAlterConfigs, only the named keys); the broker validates and its refusal (not dynamic, bad value) is a 400 with its words",
    params: brokerConfigParamsSchema,
    body: alterBrokerConfigsSchema,
    response: brokerConfigsSchema,
    permission: 'admin',
  },
];
