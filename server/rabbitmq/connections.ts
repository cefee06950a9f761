import 'server-only';
import type { z } from 'zod';
import type { ChannelList, ChannelSort, channelListQuerySchema, ConnectionDetail, ConnectionList, ConnectionSort, connectionListQuerySchema } from '@/lib/contracts/rabbitmq-connections';
import { describeBrokerError } from '../connections/broker-error';
import { BadRequestError, ForbiddenError } from '../http/errors';
import { logger } from '../logger';
import { named } from './browse';
import type { RabbitmqConnector } from './connector';
import { assertWritable } from './guard';
import { mgmtPath } from './management-client';
import { toAmqpChannel, toAmqpConnection } from './mappers';
import { checkNamePattern } from './queue-list';
import { mgmtChannelListSchema, mgmtChannelPageSchema, mgmtConnectionPageSchema, mgmtConnectionSchema, nodeAlarmListSchema, type MgmtConnection } from './schemas';

const SORT_FIELDS: Record<ConnectionSort, string> = {
  name: 'name',
  clientName: 'user_provided_name',
  user: 'user',
  vhost: 'vhost',
  protocol: 'protocol',
  state: 'state',
  channels: 'channels',
  tls: 'ssl',
  recvRate: 'recv_oct_details.rate',
  sendRate: 'send_oct_details.rate',
  connectedAt: 'connected_at',
};

/** Only what the list shows: a connection's full record (garbage collection, capabilities...) is ten times larger. */
const LIST_COLUMNS = [
  'name',
  'user_provided_name',
  'user',
  'vhost',
  'protocol',
  'type',
  'node',
  'peer_host',
  'peer_port',
  'ssl',
  'ssl_protocol',
  'auth_mechanism',
  'state',
  'channels',
  'channel_max',
  'frame_max',
  'timeout',
  'connected_at',
  'recv_oct_details.rate',
  'send_oct_details.rate',
  'client_properties.connection_name',
].join(',');

/** Thousands of connections are sorted by the broker to cut a page, as queues are (queue-list.ts). */
const CONNECTION_PAGE_TIMEOUT_MS = 12_000;

type Query = z.infer<typeof connectionListQuerySchema>;

/** Names of the alarms in effect on any node, for the reason of a blocked connection; null when not visible. */
async function nodeAlarms(c: RabbitmqConnector): Promise<string[] | null> {
  try {
    const nodes = await c.management.get('nodes?columns=name,mem_alarm,disk_free_alarm', nodeAlarmListSchema);
    return nodes.flatMap((n) => [...(n.mem_alarm ? [`memory alarm on ${n.name}`] : []), ...(n.disk_free_alarm ? [`disk alarm on ${n.name}`] : [])]);
  } catch (e) {
    // Only monitoring and administrator users may list nodes; the page is still right without the detail.
    if (!(e instanceof ForbiddenError)) logger.warn({ connection: c.config.id, err: describeBrokerError(e) }, 'node alarms for connection states failed');
    return null;
  }
}

const needsAlarms = (items: MgmtConnection[]) => items.some((i) => i.state === 'blocked' || i.state === 'blocking');

/** One page of client connections, filtered, sorted and cut by the management API (page/sort/name/columns). */
export async function listConnections(c: RabbitmqConnector, q: Query): Promise<ConnectionList> {
  if (q.search && q.regex === 'true') checkNamePattern(q.search);
  const pageOf = (page: number) => {
    const params = new URLSearchParams({ page: String(page), page_size: String(q.pageSize), sort: SORT_FIELDS[q.sort], sort_reverse: String(q.order === 'desc'), columns: LIST_COLUMNS });
    if (q.search) {
      params.set('name', q.search);
      params.set('use_regex', String(q.regex === 'true'));
    }
    return c.management.get(`connections?${params}`, mgmtConnectionPageSchema, CONNECTION_PAGE_TIMEOUT_MS);
  };
  let result;
  try {
    result = await pageOf(q.page);
  } catch (e) {
    // Past the end (connections closed since the page was shown): the broker answers 400; show the first page.
    if (!(e instanceof BadRequestError) || q.page === 1) throw e;
    result = await pageOf(1);
  }
  const alarms = needsAlarms(result.items) ? await nodeAlarms(c) : [];
  return {
    connections: result.items.map((i) => toAmqpConnection(i, alarms)),
    page: result.page,
    pageSize: result.page_size,
    pageCount: result.page_count,
    filteredCount: result.filtered_count,
    totalCount: result.total_count,
  };
}

export async function getConnection(c: RabbitmqConnector, name: string): Promise<ConnectionDetail> {
  const what = `connection "${name}"`;
  const base = `connections/${mgmtPath(name)}`;
  const connection = named(what, c.management.get(base, mgmtConnectionSchema));
  const channelList = c.management.get(`${base}/channels`, mgmtChannelListSchema);
  // RabbitMQ 3.10 answers 500, not 404, for the channels of a connection it does not know: the connection's own
  // answer decides, and the channels' failure is only reported when the connection exists.
  channelList.catch(() => undefined);
  const conn = await connection;
  const channels = await named(what, channelList);
  const alarms = needsAlarms([conn]) ? await nodeAlarms(c) : [];
  return { connection: toAmqpConnection(conn, alarms), channels: channels.map(toAmqpChannel).sort((a, b) => (a.number ?? 0) - (b.number ?? 0)) };
}

const CHANNEL_SORT_FIELDS: Record<ChannelSort, string> = {
  name: 'name',
  vhost: 'vhost',
  user: 'user',
  state: 'state',
  prefetch: 'prefetch_count',
  unacked: 'messages_unacknowledged',
  unconfirmed: 'messages_unconfirmed',
  consumers: 'consumer_count',
  publishRate: 'message_stats.publish_details.rate',
  deliverRate: 'message_stats.deliver_get_details.rate',
  ackRate: 'message_stats.ack_details.rate',
};

/** One page of every channel of the broker, cut by the management API like the connections. */
export async function listChannels(c: RabbitmqConnector, q: z.infer<typeof channelListQuerySchema>): Promise<ChannelList> {
  if (q.search && q.regex === 'true') checkNamePattern(q.search);
  const pageOf = (page: number) => {
    const params = new URLSearchParams({ page: String(page), page_size: String(q.pageSize), sort: CHANNEL_SORT_FIELDS[q.sort], sort_reverse: String(q.order === 'desc') });
    if (q.search) {
      params.set('name', q.search);
      params.set('use_regex', String(q.regex === 'true'));
    }
    return c.management.get(`channels?${params}`, mgmtChannelPageSchema, CONNECTION_PAGE_TIMEOUT_MS);
  };
  let result;
  try {
    result = await pageOf(q.page);
  } catch (e) {
    if (!(e instanceof BadRequestError) || q.page === 1) throw e;
    result = await pageOf(1);
  }
  return {
    channels: result.items.map(toAmqpChannel),
    page: result.page,
    pageSize: result.page_size,
    pageCount: result.page_count,
    filteredCount: result.filtered_count,
    totalCount: result.total_count,
  };
}

export const DEFAULT_CLOSE_REASON = 'Closed by an administrator in Wharf';

/**
 * Force-closes a client connection; the client gets CONNECTION_FORCED with the reason, which the management API takes
 * only in the X-Reason header (rabbit_mgmt_wm_connection).
 */
export async function closeConnection(c: RabbitmqConnector, name: string, confirm: string, reason: string | undefined): Promise<string> {
  assertWritable(c);
  if (confirm !== name) throw new BadRequestError(`Type the name "${name}" to confirm (confirm parameter does not match)`);
  const said = reason?.trim() || DEFAULT_CLOSE_REASON;
  // Header values are Latin-1 on the wire: anything else would be refused by fetch, or mangled.
  if (!/^[\x20-\x7e]*$/.test(said)) throw new BadRequestError('The reason must be printable ASCII (it travels in an HTTP header to RabbitMQ)');
  await named(`connection "${name}"`, c.management.send('DELETE', `connections/${mgmtPath(name)}`, undefined, undefined, { 'x-reason': said }));
  return said;
}
