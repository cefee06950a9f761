import 'server-only';
import { z } from 'zod';
import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import {
  deleteGroupResultSchema,
  groupDetailSchema,
  groupIdParamsSchema,
  groupListSchema,
  groupOffsetsSchema,
  resetOffsetsRequestSchema,
  resetOffsetsResultSchema,
} from '@/lib/contracts/groups';
import { liveTickSchema, metricsHistorySchema, metricsQuerySchema, samplerStatusSchema, streamQuerySchema } from '@/lib/contracts/metrics';
import type { RouteSpec } from './routes';

const tag = 'consumer groups and metrics';

/** Consumer groups, offsets and metrics history routes. */
export const lagRouteSpecs: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/connections/{id}/consumer-groups',
    tag,
    summary: 'Classic and KIP-848 consumer groups (share groups are not consumer groups) with type, state, assignor, epochs, members, topics, total lag, lag status and time to drain (from the shared sampler)',
    params: connectionIdParamsSchema,
    response: groupListSchema,
  },
  {
    method: 'get',
    path: '/api/connections/{id}/consumer-groups/{group}',
    tag,
    summary: 'One group: members (client id, host, assigned partitions, member epoch) and per partition committed/end offsets, lag, last commit time and lag status; 404 when no such group',
    params: groupIdParamsSchema,
    response: groupDetailSchema,
  },
  {
    method: 'delete',
    path: '/api/connections/{id}/consumer-groups/{group}',
    tag,
    summary: 'Delete a group; 409 naming its active members while it has any (checked live, and Kafka refuses too), 404 when no such group, 403 on a read-only connection',
    params: groupIdParamsSchema,
    response: deleteGroupResultSchema,
  },
  {
    method: 'get',
    path: '/api/connections/{id}/consumer-groups/{group}/offsets',
    tag,
    summary: 'Type, state, active members, and committed, start and end offsets of every partition of the group, read live from the broker; 404 when no such group',
    params: groupIdParamsSchema,
    response: groupOffsetsSchema,
  },
  {
    method: 'post',
    path: '/api/connections/{id}/consumer-groups/{group}/offsets',
    tag,
    summary: 'Reset offsets through the admin API, never by joining the group (dry run by default: current -> new and the active members); applying is refused with 409 naming the active members, and is read back; 404 when no such group, 403 when read-only',
    params: groupIdParamsSchema,
    body: resetOffsetsRequestSchema,
    response: resetOffsetsResultSchema,
  },
  {
    method: 'get',
    path: '/api/connections/{id}/metrics',
    tag,
    summary: 'History of one entity (connection "*", group, topic or queue) over 5m, 1h, 24h or 7d, from the store',
    params: connectionIdParamsSchema,
    query: metricsQuerySchema,
    response: metricsHistorySchema,
  },
  {
    method: 'get',
    path: '/api/connections/{id}/metrics/stream',
    tag,
    summary: 'Server-sent events: one "tick" event per sampler tick (optionally for one entity)',
    params: connectionIdParamsSchema,
    query: streamQuerySchema,
    response: liveTickSchema,
    produces: 'text/event-stream',
  },
  {
    method: 'get',
    path: '/api/connections/{id}/metrics/sampler',
    tag,
    summary: 'The shared sampler: interval, ticks, last duration, broker requests per tick, subscribers, last error',
    params: connectionIdParamsSchema,
    response: samplerStatusSchema,
  },
  {
    method: 'get',
    path: '/metrics',
    tag,
    summary: 'Prometheus text format: lag, time to drain, lag status, queue depths, rates, sampler health, process metrics',
    response: z.string(),
    produces: 'text/plain; version=0.0.4',
  },
];
