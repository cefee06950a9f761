import 'server-only';
import type { z } from 'zod';
import type { createBindingBodySchema, createExchangeBodySchema, createQueueBodySchema, deleteBindingBodySchema } from '@/lib/contracts/rabbitmq';
import { BadRequestError, NotFoundError } from '../http/errors';
import { withChannel } from './channel';
import type { RabbitmqConnector } from './connector';
import { assertWritable } from './guard';
import { mgmtPath } from './management-client';

function assertConfirmed(name: string, confirm: string | undefined): void {
  if (confirm !== name) throw new BadRequestError(`Type the name "${name}" to confirm (confirm parameter does not match)`);
}

/** The broker's 404 on a PUT means the vhost is missing (the object is being created). */
async function inVhost<T>(vhost: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof NotFoundError) throw new NotFoundError(`vhost "${vhost}" not found`);
    throw e;
  }
}

async function mustExist(c: RabbitmqConnector, path: string, what: string): Promise<void> {
  try {
    await c.management.send('DELETE', path);
  } catch (e) {
    if (e instanceof NotFoundError) throw new NotFoundError(`${what} not found`);
    throw e;
  }
}

export async function createExchange(c: RabbitmqConnector, body: z.infer<typeof createExchangeBodySchema>): Promise<void> {
  assertWritable(c);
  if (body.name.startsWith('amq.')) throw new BadRequestError('Exchange names starting with "amq." are reserved by RabbitMQ');
  await inVhost(
    body.vhost,
    c.management.send('PUT', `exchanges/${mgmtPath(body.vhost, body.name)}`, {
      type: body.type,
      durable: body.durable,
      auto_delete: body.autoDelete,
      internal: body.internal,
      arguments: body.arguments,
    }),
  );
}

export async function deleteExchange(c: RabbitmqConnector, vhost: string, name: string, confirm: string | undefined): Promise<void> {
  assertWritable(c);
  assertConfirmed(name, confirm);
  if (name === '' || name.startsWith('amq.')) throw new BadRequestError('Built-in exchanges cannot be deleted');
  await mustExist(c, `exchanges/${mgmtPath(vhost, name)}`, `exchange "${name}" in vhost "${vhost}"`);
}

export function queueArguments(body: z.infer<typeof createQueueBodySchema>): Record<string, unknown> {
  const args: Record<string, unknown> = { ...body.arguments, 'x-queue-type': body.type };
  if (body.deadLetterExchange !== undefined) args['x-dead-letter-exchange'] = body.deadLetterExchange;
  if (body.deadLetterRoutingKey !== undefined) args['x-dead-letter-routing-key'] = body.deadLetterRoutingKey;
  if (body.messageTtl !== undefined) args['x-message-ttl'] = body.messageTtl;
  if (body.maxLength !== undefined) args['x-max-length'] = body.maxLength;
  if (body.deliveryLimit !== undefined) {
    if (body.type !== 'quorum') throw new BadRequestError('A delivery limit applies to quorum queues only');
    args['x-delivery-limit'] = body.deliveryLimit;
  }
  return args;
}

export async function createQueue(c: RabbitmqConnector, body: z.infer<typeof createQueueBodySchema>): Promise<void> {
  assertWritable(c);
  const args = queueArguments(body);
  if (body.type !== 'classic' && (!body.durable || body.autoDelete)) {
    throw new BadRequestError(`A ${body.type} queue must be durable and not auto-delete`);
  }
  await inVhost(body.vhost, c.management.send('PUT', `queues/${mgmtPath(body.vhost, body.name)}`, { durable: body.durable, auto_delete: body.autoDelete, arguments: args }));
}

export async function deleteQueue(c: RabbitmqConnector, vhost: string, name: string, confirm: string | undefined): Promise<void> {
  assertWritable(c);
  assertConfirmed(name, confirm);
  await mustExist(c, `queues/${mgmtPath(vhost, name)}`, `queue "${name}" in vhost "${vhost}"`);
}

/** Purges over AMQP: queue.purge-ok carries the exact number removed, which the management API does not report. */
export async function purgeQueue(c: RabbitmqConnector, vhost: string, name: string, confirm: string | undefined): Promise<number> {
  assertWritable(c);
  assertConfirmed(name, confirm);
  return withChannel(c, vhost, `queue "${name}" in vhost "${vhost}"`, async (ch) => (await ch.purgeQueue(name)).messageCount);
}

export async function createBinding(c: RabbitmqConnector, body: z.infer<typeof createBindingBodySchema>): Promise<void> {
  assertWritable(c);
  const kind = body.destinationType === 'queue' ? 'q' : 'e';
  try {
    await c.management.send('POST', `bindings/${mgmtPath(body.vhost)}/e/${mgmtPath(body.source)}/${kind}/${mgmtPath(body.destination)}`, {
      routing_key: body.routingKey,
      arguments: body.arguments,
    });
  } catch (e) {
    if (e instanceof NotFoundError) throw new NotFoundError(`exchange "${body.source}" or ${body.destinationType} "${body.destination}" in vhost "${body.vhost}" not found`);
    throw e;
  }
}

export async function deleteBinding(c: RabbitmqConnector, body: z.infer<typeof deleteBindingBodySchema>): Promise<void> {
  assertWritable(c);
  const kind = body.destinationType === 'queue' ? 'q' : 'e';
  await mustExist(
    c,
    `bindings/${mgmtPath(body.vhost)}/e/${mgmtPath(body.source)}/${kind}/${mgmtPath(body.destination)}/${mgmtPath(body.propertiesKey)}`,
    `binding from "${body.source}" to "${body.destination}"`,
  );
}
