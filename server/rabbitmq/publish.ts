import 'server-only';
import type { Options } from 'amqplib';
import type { z } from 'zod';
import type { MessageProperties, publishBodySchema } from '@/lib/contracts/rabbitmq-messages';
import { BadRequestError } from '../http/errors';
import { withConfirmChannel } from './channel';
import type { RabbitmqConnector } from './connector';
import { assertWritable } from './guard';
import { toAmqpTable } from './headers';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function payloadBytes(payload: string, encoding: 'text' | 'json' | 'base64'): Buffer {
  if (encoding === 'base64') {
    const compact = payload.replace(/\s+/g, '');
    if (!BASE64.test(compact)) throw new BadRequestError('Invalid payload: not valid base64');
    return Buffer.from(compact, 'base64');
  }
  if (encoding === 'json') {
    try {
      JSON.parse(payload);
    } catch (e) {
      throw new BadRequestError(`Invalid payload: not valid JSON (${(e as Error).message})`);
    }
  }
  return Buffer.from(payload, 'utf8');
}

export function publishOptions(p: MessageProperties, headers: Record<string, unknown>): Options.Publish {
  return {
    contentType: p.contentType,
    contentEncoding: p.contentEncoding,
    deliveryMode: p.deliveryMode,
    priority: p.priority,
    messageId: p.messageId,
    correlationId: p.correlationId,
    replyTo: p.replyTo,
    expiration: p.expiration,
    timestamp: p.timestamp,
    type: p.type,
    appId: p.appId,
    userId: p.userId,
    headers,
  };
}

/**
 * Publishes one message with mandatory=true on a confirm channel of its own. An unroutable message comes back as
 * basic.return, which the broker sends before the confirm, so once the confirm arrives the answer is final.
 */
export async function publishMessage(c: RabbitmqConnector, vhost: string, exchange: string, body: z.infer<typeof publishBodySchema>): Promise<{ routed: boolean }> {
  assertWritable(c);
  const content = payloadBytes(body.payload, body.payloadEncoding);
  const properties = { ...body.properties };
  if (body.payloadEncoding === 'json' && !properties.contentType) properties.contentType = 'application/json';
  const options = { ...publishOptions(properties, toAmqpTable(body.headers)), mandatory: true };
  return withConfirmChannel(c, vhost, `exchange "${exchange}" in vhost "${vhost}"`, async (ch) => {
    let returned = false;
    ch.on('return', () => {
      returned = true;
    });
    await new Promise<void>((resolve, reject) => {
      ch.publish(exchange, body.routingKey, content, options, (err) => (err ? reject(err instanceof Error ? err : new BadRequestError('RabbitMQ refused the message (nack)')) : resolve()));
    });
    return { routed: !returned };
  });
}
