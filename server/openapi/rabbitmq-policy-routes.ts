import 'server-only';
import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import {
  deletePolicyQuerySchema,
  policyBodySchema,
  policyListQuerySchema,
  policyListResponseSchema,
  policyMutationResponseSchema,
  policyParamsSchema,
  policyPreviewBodySchema,
  policyPreviewSchema,
} from '@/lib/contracts/rabbitmq-policies';
import type { RouteSpec } from './routes';

const tag = 'rabbitmq';
const c = '/api/connections/{id}/rabbitmq';

function specsFor(collection: 'policies' | 'operator-policies', what: string): RouteSpec[] {
  const item = `${c}/${collection}/{vhost}/{name}`;
  return [
    {
      method: 'get',
      path: `${c}/${collection}`,
      tag,
      summary: `${what}s of one vhost, or all, highest priority first, each with the number of queues and exchanges it is in effect on now`,
      params: connectionIdParamsSchema,
      query: policyListQuerySchema,
      response: policyListResponseSchema,
    },
    {
      method: 'put',
      path: item,
      tag,
      summary: `Create or replace a ${what.toLowerCase()}; replacing one repeats its name in confirm. Admin only (the policy's collection is in ADMIN_COLLECTIONS), 403 on read-only connections; a pattern or definition RabbitMQ refuses is a 400 with its message`,
      params: policyParamsSchema,
      body: policyBodySchema,
      response: policyMutationResponseSchema,
    },
    {
      method: 'delete',
      path: item,
      tag,
      summary: `Delete a ${what.toLowerCase()}; confirm repeats its name. Admin only, 403 on read-only connections`,
      params: policyParamsSchema,
      query: deletePolicyQuerySchema,
      response: policyMutationResponseSchema,
    },
    {
      method: 'post',
      path: `${item}/preview`,
      tag,
      summary: `What creating, replacing (action put) or deleting (action delete) the ${what.toLowerCase()} would change: for every queue and exchange of the vhost the policy, operator policy and effective definition before and after, listing only those that change. Reads only`,
      params: policyParamsSchema,
      body: policyPreviewBodySchema,
      response: policyPreviewSchema,
      // A POST only to carry the proposed definition: it changes nothing, so whoever may list policies may preview
      // (audited like every POST: policy.test.ts holds every non-GET to that).
      permission: 'viewer',
    },
  ];
}

/** Policies and operator policies (GET/PUT/DELETE /api/policies and /api/operator-policies of the management API). */
export const rabbitmqPolicyRouteSpecs: RouteSpec[] = [...specsFor('policies', 'Policy'), ...specsFor('operator-policies', 'Operator policy')];
