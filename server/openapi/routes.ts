import 'server-only';
import { z } from 'zod';
import { connectionIdParamsSchema, connectionListSchema, connectionSummarySchema, healthSchema, readinessSchema } from '@/lib/contracts/connections';
import { jobsRouteSpecs } from './jobs-routes';
import { kafkaRouteSpecs } from './kafka-routes';
import { kafkaShareTxRouteSpecs } from './kafka-share-tx-routes';
import { kafkaBrokerConfigRouteSpecs } from './kafka-broker-config-routes';
import type { Permission } from '@/lib/contracts/auth';
import { authRouteSpecs } from './auth-routes';
import { lagRouteSpecs } from './lag-routes';
import { rabbitmqRouteSpecs } from './rabbitmq-routes';
import { rabbitmqAccessRouteSpecs } from './rabbitmq-access-routes';
import { rabbitmqPolicyRouteSpecs } from './rabbitmq-policy-routes';
import { rabbitmqShovelRouteSpecs } from './rabbitmq-shovel-routes';
import { rabbitmqDefinitionsRouteSpecs } from './rabbitmq-definitions-routes';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export type RouteSpec = {
  method: HttpMethod;
  /** OpenAPI path, e.g. /api/connections/{id}. */
  path: string;
  summary: string;
  tag: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  /** Content type of a non-JSON answer (server-sent events, JSON lines). */
  produces?: string;
  /** Who may call it; when absent it is derived from the method and path (server/auth/policy.ts). */
  permission?: Permission;
  /** Whether calls are written to the audit log; by default mutations and reads of message contents are. */
  audit?: boolean;
  /**
   * 'handler': the connections come from the body or a stored resource (a job's source and target), not the path,
   * or the route lists connections (only those the caller holds a role on).
   * The guard then only checks that the caller holds `permission` on some connection; the handler checks the ones
   * named. Otherwise a route without a connection in its path is checked against the default role.
   */
  connectionsCheckedBy?: 'handler';
};

const systemRouteSpecs: RouteSpec[] = [
  { method: 'get', path: '/api/health', tag: 'system', summary: 'Liveness of the Wharf server (the process answers; touches nothing else)', response: healthSchema, permission: 'public' },
  { method: 'get', path: '/api/health/ready', tag: 'system', summary: 'Readiness for a load balancer: 200 when this replica can serve (its store answers within 2 s), else 503', response: readinessSchema, permission: 'public' },
  { method: 'get', path: '/api/openapi.json', tag: 'system', summary: 'This document', response: z.object({ openapi: z.string() }) },
  {
    method: 'get',
    path: '/api/connections',
    tag: 'connections',
    summary: 'The configured connections the caller holds a role on, with status and headline counts',
    response: connectionListSchema,
    connectionsCheckedBy: 'handler',
  },
  {
    method: 'get',
    path: '/api/connections/{id}',
    tag: 'connections',
    summary: 'One connection: status, version and headline counts',
    params: connectionIdParamsSchema,
    response: connectionSummarySchema,
  },
];

/** Every route of the API, documented from the same zod schemas the handlers parse with. */
export const routeSpecs: RouteSpec[] = [...systemRouteSpecs, ...authRouteSpecs, ...kafkaRouteSpecs, ...kafkaShareTxRouteSpecs, ...kafkaBrokerConfigRouteSpecs, ...lagRouteSpecs, ...rabbitmqRouteSpecs, ...rabbitmqAccessRouteSpecs, ...rabbitmqPolicyRouteSpecs, ...rabbitmqShovelRouteSpecs, ...rabbitmqDefinitionsRouteSpecs, ...jobsRouteSpecs];
