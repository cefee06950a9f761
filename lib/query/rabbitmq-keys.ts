import type { QueueListQuery } from '@/lib/contracts/rabbitmq';
import type { ChannelListQuery, ConnectionListQuery } from '@/lib/contracts/rabbitmq-connections';

/** How often RabbitMQ lists and details refresh while shown (the management API's own stats refresh every 5 s). */
export const RABBITMQ_POLL_MS = 5000;

export const enc = encodeURIComponent;

/** /api/connections/{id}/{kind}/{vhost}/{name}: each segment encoded on its own ("/" vhost -> %2F). */
export function rabbitApi(conn: string, ...segments: string[]): string {
  return ['/api/connections', enc(conn), ...segments.map(enc)].join('/');
}

export const rabbitKeys = {
  all: (conn: string) => ['rabbitmq', conn] as const,
  overview: (conn: string) => [...rabbitKeys.all(conn), 'overview'] as const,
  vhosts: (conn: string) => [...rabbitKeys.all(conn), 'vhosts'] as const,
  nodes: (conn: string) => [...rabbitKeys.all(conn), 'nodes'] as const,
  exchanges: (conn: string, vhost: string | undefined) => [...rabbitKeys.all(conn), 'exchanges', vhost ?? '*'] as const,
  exchange: (conn: string, vhost: string, name: string) => [...rabbitKeys.all(conn), 'exchange', vhost, name] as const,
  queues: (conn: string, filters: QueueListQuery) => [...rabbitKeys.all(conn), 'queues', filters] as const,
  queue: (conn: string, vhost: string, name: string) => [...rabbitKeys.all(conn), 'queue', vhost, name] as const,
  bindings: (conn: string, vhost: string | undefined) => [...rabbitKeys.all(conn), 'bindings', vhost ?? '*'] as const,
  clientConnections: (conn: string, filters: ConnectionListQuery) => [...rabbitKeys.all(conn), 'client-connections', filters] as const,
  clientConnection: (conn: string, name: string) => [...rabbitKeys.all(conn), 'client-connection', name] as const,
  channels: (conn: string, filters: ChannelListQuery) => [...rabbitKeys.all(conn), 'channels', filters] as const,
  consumers: (conn: string, vhost: string | undefined) => [...rabbitKeys.all(conn), 'consumers', vhost ?? '*'] as const,
};
