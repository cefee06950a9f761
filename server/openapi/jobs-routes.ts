import 'server-only';
import { z } from 'zod';
import { jobIdParamsSchema, jobListSchema, jobSchema, startJobBodySchema } from '@/lib/contracts/jobs';
import { topicParamsSchema } from '@/lib/contracts/kafka';
import { purgeRequestSchema, purgeResultSchema } from '@/lib/contracts/purge';
import type { RouteSpec } from './routes';

/** Jobs name their connections in the body (source, target); server/jobs/access.ts checks the role on each. */
const jobRouteSpecs: RouteSpec[] = [
  { method: 'get', path: '/api/jobs', tag: 'jobs', summary: 'Jobs, newest first, with progress and outcome', response: jobListSchema },
  { method: 'post', path: '/api/jobs', tag: 'jobs', summary: 'Start a job (kafka-replay, rabbitmq-to-kafka, rabbitmq-move); dryRun counts without writing (a move dry run reads no message: it reports the preview)', body: startJobBodySchema, response: jobSchema },
  { method: 'get', path: '/api/jobs/{jobId}', tag: 'jobs', summary: 'One job', params: jobIdParamsSchema, response: jobSchema },
  { method: 'delete', path: '/api/jobs/{jobId}', tag: 'jobs', summary: 'Cancel a running job', params: jobIdParamsSchema, response: jobSchema },
  { method: 'post', path: '/api/jobs/{jobId}/resume', tag: 'jobs', summary: 'Resume an interrupted, failed or cancelled job from its checkpoint', params: jobIdParamsSchema, response: jobSchema },
  {
    method: 'get',
    path: '/api/jobs/{jobId}/stream',
    tag: 'jobs',
    summary: 'Server-sent events: job, progress..., done',
    params: jobIdParamsSchema,
    response: z.string(),
    produces: 'text/event-stream',
  },
];

/** Long operations (replay, drain) as tracked jobs, and Kafka purge. */
export const jobsRouteSpecs: RouteSpec[] = [
  ...jobRouteSpecs.map((s): RouteSpec => ({ ...s, connectionsCheckedBy: 'handler' })),
  {
    method: 'post',
    path: '/api/connections/{id}/topics/{topic}/purge',
    tag: 'kafka',
    summary: 'Purge a topic or partitions up to an offset or timestamp (DeleteRecords); dry run by default, apply with confirm = topic name',
    params: topicParamsSchema,
    body: purgeRequestSchema,
    response: purgeResultSchema,
  },
];
