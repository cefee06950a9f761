import 'server-only';
import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import {
  createShovelBodySchema,
  createShovelResponseSchema,
  deleteShovelQuerySchema,
  federationLinkParamsSchema,
  federationRestartQuerySchema,
  federationListResponseSchema,
  restartResponseSchema,
  shovelListQuerySchema,
  shovelListResponseSchema,
  shovelParamsSchema,
  shovelPreviewSchema,
  shovelSchema,
} from '@/lib/contracts/rabbitmq-shovels';
import { okResponseSchema } from '@/lib/contracts/rabbitmq';
import type { RouteSpec } from './routes';

const tag = 'rabbitmq';
const c = '/api/connections/{id}/rabbitmq';
const params = connectionIdParamsSchema;

/** Shovels (dynamic and static) and federation links; every URI in an answer has its password masked. */
export const rabbitmqShovelRouteSpecs: RouteSpec[] = [
  {
    method: 'get',
    path: `${c}/shovels`,
    tag,
    summary: 'Every shovel, dynamic and static, or those of one vhost: state, source and destination (URIs masked), ack mode, delete-after, prefetch, last error, messages moved where the broker reports it',
    params,
    query: shovelListQuerySchema,
    response: shovelListResponseSchema,
  },
  {
    method: 'post',
    path: `${c}/shovels`,
    tag,
    summary: 'Create a dynamic shovel (a runtime parameter): queue or exchange to queue or exchange, in a vhost of this broker or at an AMQP URI; 409 when the name is taken. Admin only, 403 on read-only connections',
    params,
    body: createShovelBodySchema,
    response: createShovelResponseSchema,
  },
  {
    method: 'post',
    path: `${c}/shovels/preview`,
    tag,
    summary: 'What a new shovel would move: the source queue\'s depth now, when it stops (delete-after), whether the name is taken. Changes nothing',
    params,
    body: createShovelBodySchema,
    response: shovelPreviewSchema,
    // A POST only because the body may carry a URI with a password, which must not travel in a query string; audited
    // like every POST (the URI's password masked by the audit sanitizer).
    permission: 'admin',
  },
  { method: 'get', path: `${c}/shovels/{vhost}/{name}`, tag, summary: 'One dynamic shovel: its state and its definition (URIs masked)', params: shovelParamsSchema, response: shovelSchema },
  {
    method: 'delete',
    path: `${c}/shovels/{vhost}/{name}`,
    tag,
    summary: 'Delete a dynamic shovel; confirm repeats its name. Messages it has not moved stay where they are. Admin only',
    params: shovelParamsSchema,
    query: deleteShovelQuerySchema,
    response: okResponseSchema,
  },
  {
    method: 'post',
    path: `${c}/shovels/{vhost}/{name}/restart`,
    tag,
    summary: 'Restart a dynamic shovel (its connections are closed and opened again). Admin only',
    params: shovelParamsSchema,
    response: restartResponseSchema,
    permission: 'admin',
  },
  {
    method: 'get',
    path: `${c}/federation-links`,
    tag,
    summary: 'Federation links (status, upstream, masked URI, last error) and the federation upstreams, of every vhost or one',
    params,
    query: shovelListQuerySchema,
    response: federationListResponseSchema,
  },
  {
    method: 'post',
    path: `${c}/federation-links/{vhost}/{name}/restart`,
    tag,
    summary: 'Restart one federation link ({name} is its id) on the node that runs it (node: as listed; by default the one the broker reports). Admin only',
    params: federationLinkParamsSchema,
    query: federationRestartQuerySchema,
    response: restartResponseSchema,
    permission: 'admin',
  },
];
