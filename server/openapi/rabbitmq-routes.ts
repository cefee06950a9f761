import 'server-only';
import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import {
  bindingListQuerySchema,
  bindingListResponseSchema,
  confirmNameQuerySchema,
  createBindingBodySchema,
  createExchangeBodySchema,
  createQueueBodySchema,
  deleteBindingBodySchema,
  exchangeDetailSchema,
  exchangeListQuerySchema,
  exchangeListResponseSchema,
  objectParamsSchema,
  okResponseSchema,
  purgeResponseSchema,
  queueDetailSchema,
  queueListQuerySchema,
  queueListResponseSchema,
  rabbitOverviewSchema,
  vhostListResponseSchema,
} from '@/lib/contracts/rabbitmq';
import {
  inspectBodySchema,
  inspectResponseSchema,
  movePreviewQuerySchema,
  movePreviewSchema,
  publishBodySchema,
  publishResponseSchema,
  redriveProposalBodySchema,
  redriveProposalSchema,
} from '@/lib/contracts/rabbitmq-messages';
import {
  amqpConnectionParamsSchema,
  channelListQuerySchema,
  channelListResponseSchema,
  closeConnectionQuerySchema,
  closeConnectionResponseSchema,
  connectionDetailSchema,
  connectionListQuerySchema,
  connectionListResponseSchema,
  consumerListQuerySchema,
  consumerListResponseSchema,
} from '@/lib/contracts/rabbitmq-connections';
import { nodesReportSchema } from '@/lib/contracts/rabbitmq-nodes';
import type { RouteSpec } from './routes';

const tag = 'rabbitmq';
const c = '/api/connections/{id}';
const params = connectionIdParamsSchema;
const obj = objectParamsSchema;

/** RabbitMQ routes under /api/connections/{id}/... (overview, vhosts, exchanges, queues, bindings). */
export const rabbitmqRouteSpecs: RouteSpec[] = [
  { method: 'get', path: `${c}/overview`, tag, summary: 'Cluster name, nodes and alarms, object totals, queued messages and rates', params, response: rabbitOverviewSchema },
  {
    method: 'get',
    path: `${c}/rabbitmq/nodes`,
    tag,
    summary: "Every node's memory and disk against their alarm thresholds, file descriptors, sockets, Erlang processes, partitions and plugins; the health checks (a failed check is reported with the broker's reason, not as an error); feature flags; deprecated features in use (3.13+)",
    params,
    response: nodesReportSchema,
  },
  { method: 'get', path: `${c}/vhosts`, tag, summary: 'Virtual hosts', params, response: vhostListResponseSchema },
  { method: 'get', path: `${c}/exchanges`, tag, summary: 'Exchanges of one vhost, or all', params, query: exchangeListQuerySchema, response: exchangeListResponseSchema },
  { method: 'post', path: `${c}/exchanges`, tag, summary: 'Create an exchange (403 on read-only connections)', params, body: createExchangeBodySchema, response: okResponseSchema },
  { method: 'get', path: `${c}/exchanges/{vhost}/{name}`, tag, summary: 'One exchange with its bindings both ways ("amq.default" names the default exchange)', params: obj, response: exchangeDetailSchema },
  { method: 'delete', path: `${c}/exchanges/{vhost}/{name}`, tag, summary: 'Delete an exchange; confirm repeats its name', params: obj, query: confirmNameQuerySchema, response: okResponseSchema },
  { method: 'post', path: `${c}/exchanges/{vhost}/{name}/publish`, tag, summary: 'Publish one message (mandatory, confirmed); answers whether it was routed', params: obj, body: publishBodySchema, response: publishResponseSchema },
  { method: 'get', path: `${c}/queues`, tag, summary: 'One page of queues: search by substring or regex, sort by any column (paged by the broker)', params, query: queueListQuerySchema, response: queueListResponseSchema },
  { method: 'post', path: `${c}/queues`, tag, summary: 'Create a queue (classic, quorum or stream) with arguments', params, body: createQueueBodySchema, response: okResponseSchema },
  { method: 'get', path: `${c}/queues/{vhost}/{name}`, tag, summary: 'One queue: details, bindings, consumers', params: obj, response: queueDetailSchema },
  { method: 'delete', path: `${c}/queues/{vhost}/{name}`, tag, summary: 'Delete a queue; confirm repeats its name', params: obj, query: confirmNameQuerySchema, response: okResponseSchema },
  { method: 'delete', path: `${c}/queues/{vhost}/{name}/contents`, tag, summary: 'Purge a queue; answers how many messages were removed', params: obj, query: confirmNameQuerySchema, response: purgeResponseSchema },
  {
    method: 'post',
    path: `${c}/queues/{vhost}/{name}/messages`,
    tag,
    summary:
      'Read N messages and requeue them (classic/quorum: redelivered flag set) or read a stream from an offset (nothing removed). A quorum queue whose requeues count toward its delivery limit (RabbitMQ before 4.3) answers 409 DELIVERY_LIMIT, saying per message how many requeues are left, unless confirmDeliveryLimit is true, and 403 on read-only connections; a message at its limit is never requeued',
    params: obj,
    body: inspectBodySchema,
    response: inspectResponseSchema,
    // A POST because a get-and-requeue is not idempotent: it reads message contents (masked below operator) and
    // leaves every message in the queue, so readers may use it, on read-only connections too where no delivery
    // limit can be reached (inspect.ts refuses the others there).
    permission: 'reader',
  },
  {
    method: 'post',
    path: `${c}/queues/{vhost}/{name}/move/proposal`,
    tag,
    summary:
      'Redrive proposal: where the head message was dead-lettered from. Reads the head message and requeues it (a mutation: operator, CSRF, audited, 403 on read-only connections), under the same delivery-limit rules as reading messages',
    params: obj,
    body: redriveProposalBodySchema,
    response: redriveProposalSchema,
  },
  {
    method: 'get',
    path: `${c}/queues/{vhost}/{name}/move/preview`,
    tag,
    summary: 'Preview of a move (a rabbitmq-move job, POST /api/jobs): how many messages, from where, where the destination exchange routes them now; reads no message',
    params: obj,
    query: movePreviewQuerySchema,
    response: movePreviewSchema,
  },
  { method: 'get', path: `${c}/bindings`, tag, summary: 'Bindings of one vhost, or all', params, query: bindingListQuerySchema, response: bindingListResponseSchema },
  { method: 'post', path: `${c}/bindings`, tag, summary: 'Bind a queue or exchange to an exchange', params, body: createBindingBodySchema, response: okResponseSchema },
  { method: 'delete', path: `${c}/bindings`, tag, summary: 'Delete a binding (identified by its properties key)', params, body: deleteBindingBodySchema, response: okResponseSchema },
  {
    method: 'get',
    path: `${c}/rabbitmq/connections`,
    tag,
    summary: 'One page of client connections (AMQP, MQTT, STOMP as the broker reports them): search the connection name by substring or regex, sort by any column (paged by the broker)',
    params,
    query: connectionListQuerySchema,
    response: connectionListResponseSchema,
  },
  { method: 'get', path: `${c}/rabbitmq/connections/{name}`, tag, summary: 'One client connection with its channels (prefetch, unacked, consumers, confirm/tx mode, state)', params: amqpConnectionParamsSchema, response: connectionDetailSchema },
  {
    method: 'delete',
    path: `${c}/rabbitmq/connections/{name}`,
    tag,
    summary: 'Force-close a client connection; confirm repeats its name, reason (printable ASCII) is what the client receives with CONNECTION_FORCED. Admin only, 403 on read-only connections',
    params: amqpConnectionParamsSchema,
    query: closeConnectionQuerySchema,
    response: closeConnectionResponseSchema,
    // Closing cuts off a running application: as weighty as deleting its queue.
    permission: 'admin',
  },
  { method: 'get', path: `${c}/rabbitmq/channels`, tag, summary: 'One page of every channel: search the channel name (it starts with its connection\'s), sort by prefetch, unacked, consumers, rates (paged by the broker)', params, query: channelListQuerySchema, response: channelListResponseSchema },
  { method: 'get', path: `${c}/rabbitmq/consumers`, tag, summary: 'Every consumer, or those of one vhost: tag, queue, channel and connection, ack mode, prefetch, activity status, arguments', params, query: consumerListQuerySchema, response: consumerListResponseSchema },
];
