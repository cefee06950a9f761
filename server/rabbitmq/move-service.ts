import 'server-only';
import type { z } from 'zod';
import type { MoveCounts, MoveResult, moveBodySchema } from '@/lib/contracts/rabbitmq-messages';
import { compileFilter, RABBITMQ_FILTER_VARIABLES } from '../filters/cel';
import { BadRequestError } from '../http/errors';
import { openDedicatedAmqp } from './amqp';
import { amqpExchangeName } from './browse';
import { withChannel } from './channel';
import type { RabbitmqConnector } from './connector';
import { assertWritable } from './guard';
import { moveMessages } from './move';

type MoveBody = z.infer<typeof moveBodySchema>;

/** Checks the destination before reading anything, so a typo fails with 404 instead of rolled-back batches. */
async function checkDestination(c: RabbitmqConnector, vhost: string, body: MoveBody): Promise<{ exchange: string; routingKey: string | null }> {
  if (body.toQueue !== undefined) {
    await withChannel(c, vhost, `destination queue "${body.toQueue}" in vhost "${vhost}"`, (ch) => ch.checkQueue(body.toQueue as string));
    return { exchange: '', routingKey: body.toQueue };
  }
  const exchange = amqpExchangeName(body.toExchange ?? '');
  if (exchange !== '') await withChannel(c, vhost, `destination exchange "${exchange}" in vhost "${vhost}"`, (ch) => ch.checkExchange(exchange));
  const routingKey = body.routingKey ?? (body.keepRoutingKey ? null : '');
  if (exchange === '' && !routingKey) throw new BadRequestError('Moving to the default exchange needs a routing key: the destination queue name');
  return { exchange, routingKey };
}

export async function runMove(
  c: RabbitmqConnector,
  vhost: string,
  source: string,
  body: MoveBody,
  signal: AbortSignal,
  onProgress: (counts: MoveCounts) => void,
): Promise<MoveResult> {
  assertWritable(c);
  const filter = body.filter?.trim() ? compileFilter(body.filter, RABBITMQ_FILTER_VARIABLES) : null;
  const { exchange, routingKey } = await checkDestination(c, vhost, body);
  if (exchange === '' && routingKey === source) throw new BadRequestError('Source and destination are the same queue');
  await withChannel(c, vhost, `queue "${source}" in vhost "${vhost}"`, (ch) => ch.checkQueue(source));
  const connection = await openDedicatedAmqp(c.config, vhost, `wharf-move ${source}`);
  try {
    return await moveMessages({ connection, source, exchange, routingKey, limit: body.limit, filter, batchSize: body.batchSize, signal, onProgress });
  } finally {
    await connection.close().catch(() => undefined);
  }
}
