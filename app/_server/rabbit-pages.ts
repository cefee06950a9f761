import 'server-only';
import { rabbitPageParams, type RabbitPageParams } from '@/components/rabbitmq/page-params';
import { getConnectorOf } from '@/server/connections/registry';
import { amqpExchangeName, getExchange, getQueue } from '@/server/rabbitmq/browse';
import { notFoundUnlessExists } from './page-exists';

type Names = { conn: string; vhost: string; name: string };

/** The queue pages (detail, messages, move): HTTP 404 when the queue, its vhost or the connection is not there. */
export async function existingQueue(params: RabbitPageParams): Promise<Names> {
  const p = await rabbitPageParams(params);
  await notFoundUnlessExists(p.conn, () => getQueue(getConnectorOf(p.conn, 'rabbitmq'), p.vhost, p.name));
  return p;
}

export async function existingExchange(params: RabbitPageParams): Promise<Names> {
  const p = await rabbitPageParams(params);
  await notFoundUnlessExists(p.conn, () => getExchange(getConnectorOf(p.conn, 'rabbitmq'), p.vhost, amqpExchangeName(p.name)));
  return p;
}
