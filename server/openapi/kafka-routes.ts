import 'server-only';
import { z } from 'zod';
import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import {
  addPartitionsSchema,
  alterTopicConfigsSchema,
  brokerListSchema,
  createTopicSchema,
  okSchema,
  topicConfigsSchema,
  topicConsumerGroupsSchema,
  topicDetailSchema,
  topicListQuerySchema,
  topicListSchema,
  topicParamsSchema,
} from '@/lib/contracts/kafka';
import {
  browseQuerySchema,
  browseResultSchema,
  produceBodySchema,
  produceResultSchema,
  schemaCheckQuerySchema,
  schemaCheckResultSchema,
  streamEventSchema,
  streamQuerySchema,
  topicSchemasResultSchema,
} from '@/lib/contracts/kafka-messages';
import type { RouteSpec } from './routes';

const tag = 'kafka';
const topicPath = '/api/connections/{id}/topics/{topic}';

/** Kafka routes under /api/connections/{id}/... (brokers, topics, messages). */
export const kafkaRouteSpecs: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/connections/{id}/brokers',
    tag,
    summary: 'Brokers (host, rack, controller, replica and leader counts, bytes on disk), cluster id and version, from the cluster snapshot',
    params: connectionIdParamsSchema,
    response: brokerListSchema,
  },
  {
    method: 'get',
    path: '/api/connections/{id}/topics',
    tag,
    summary: 'Topics with partitions, replication, messages, size and health (cluster snapshot, see snapshotAt), and consumer groups with their lag (lag sampler, see lagSampledAt), searched and sorted',
    params: connectionIdParamsSchema,
    query: topicListQuerySchema,
    response: topicListSchema,
  },
  {
    method: 'post',
    path: '/api/connections/{id}/topics',
    tag,
    summary: 'Create a topic (403 on a read-only connection, 409 when it exists)',
    params: connectionIdParamsSchema,
    body: createTopicSchema,
    response: okSchema,
  },
  {
    method: 'get',
    path: topicPath,
    tag,
    summary: 'One topic with its partitions: leader, replicas, ISR, offline replicas, watermarks, message counts',
    params: topicParamsSchema,
    response: topicDetailSchema,
  },
  { method: 'delete', path: topicPath, tag, summary: 'Delete a topic (403 on a read-only connection)', params: topicParamsSchema, response: okSchema },
  {
    method: 'get',
    path: `${topicPath}/consumer-groups`,
    tag,
    summary: "Consumer groups reading the topic, with state, lag on this topic, partitions and lag status, from the shared lag sampler's latest tick",
    params: topicParamsSchema,
    response: topicConsumerGroupsSchema,
  },
  {
    method: 'get',
    path: `${topicPath}/configs`,
    tag,
    summary: 'Topic configs: value (sensitive ones masked as null), default or not, source',
    params: topicParamsSchema,
    response: topicConfigsSchema,
  },
  {
    method: 'patch',
    path: `${topicPath}/configs`,
    tag,
    summary: 'Set or reset topic configs incrementally (IncrementalAlterConfigs); the broker validates, its refusal is a 400',
    params: topicParamsSchema,
    body: alterTopicConfigsSchema,
    response: topicConfigsSchema,
  },
  {
    method: 'post',
    path: `${topicPath}/partitions`,
    tag,
    summary: 'Raise the partition count to a new total (Kafka cannot lower it)',
    params: topicParamsSchema,
    body: addPartitionsSchema,
    response: okSchema,
  },
  {
    method: 'get',
    path: `${topicPath}/messages`,
    tag,
    summary:
      'Browse messages without a consumer group: partitions, start (earliest, latest N, offset, timestamp), limit, order, cursors both ways. Reads committed data by default (to the last stable offset, aborted transactions and markers left out); isolation=read_uncommitted reads to the high watermark and flags each message committed, aborted or open',
    params: topicParamsSchema,
    query: browseQuerySchema,
    response: browseResultSchema,
  },
  {
    method: 'post',
    path: `${topicPath}/messages`,
    tag,
    summary: 'Produce one message (key, value and headers as text, JSON or base64; partition and timestamp optional)',
    params: topicParamsSchema,
    body: produceBodySchema,
    response: produceResultSchema,
  },
  {
    method: 'get',
    path: `${topicPath}/messages/stream`,
    tag,
    summary:
      'Server-sent events: a CEL-filtered scan with progress and limits, or a live tail (mode=tail); closing the connection cancels it. Read committed by default; isolation=read_uncommitted as for browsing',
    params: topicParamsSchema,
    query: streamQuerySchema,
    response: z.array(streamEventSchema),
    produces: 'text/event-stream',
  },
  {
    method: 'get',
    path: `${topicPath}/schemas`,
    tag,
    summary: "The local schemas (config `schemas`) the topic's keys and values are decoded and produced with: format, Confluent schema id, type name",
    params: topicParamsSchema,
    response: topicSchemasResultSchema,
  },
  {
    method: 'get',
    path: `${topicPath}/schemas/check`,
    tag,
    summary: "Checks JSON text against the topic's key or value schema without producing it (the produce form, as it is typed)",
    params: topicParamsSchema,
    query: schemaCheckQuerySchema,
    response: schemaCheckResultSchema,
  },
];
