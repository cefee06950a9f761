import 'server-only';
import { connectionIdParamsSchema } from '@/lib/contracts/connections';
import { topicParamsSchema } from '@/lib/contracts/kafka';
import { shareGroupDetailSchema, shareGroupListSchema, shareGroupParamsSchema } from '@/lib/contracts/share-groups';
import { topicProducersSchema, transactionListSchema } from '@/lib/contracts/transactions';
import type { RouteSpec } from './routes';

const tag = 'kafka';

/** Share groups (KIP-932) and transactions: read live from the brokers, viewer role. */
export const kafkaShareTxRouteSpecs: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/connections/{id}/share-groups',
    tag,
    summary:
      'Share groups (KIP-932) with state, members, assignor, topics and records left to deliver, read live from their coordinators; 501 when the cluster has no share groups (Kafka 3.x, or share.version not enabled)',
    params: connectionIdParamsSchema,
    response: shareGroupListSchema,
    permission: 'viewer',
  },
  {
    method: 'get',
    path: '/api/connections/{id}/share-groups/{group}',
    tag,
    summary:
      'One share group: group and assignment epochs, members (client, host, subscriptions, assignment) and per partition the share-partition start offset, end offset and lag; 404 for an unknown group, 501 without share groups',
    params: shareGroupParamsSchema,
    response: shareGroupDetailSchema,
    permission: 'viewer',
  },
  {
    method: 'get',
    path: '/api/connections/{id}/transactions',
    tag,
    summary:
      'Open transactions (every broker asked, each described by its coordinator): producer, state, age, timeout, partitions with high watermark and last stable offset, overdue and LSO-stalling flags; transactional ids per state',
    params: connectionIdParamsSchema,
    response: transactionListSchema,
    permission: 'viewer',
  },
  {
    method: 'get',
    path: '/api/connections/{id}/topics/{topic}/producers',
    tag,
    summary:
      "Active producers of each partition of a topic (DescribeProducers: id, epoch, last sequence and timestamp, open transaction's first offset, transactional id) with high watermark, last stable offset and HW - LSO",
    params: topicParamsSchema,
    response: topicProducersSchema,
    permission: 'viewer',
  },
];
