import 'server-only';
import type { ChannelModel, ConfirmChannel } from 'amqplib';
import { describeBrokerError } from '../connections/broker-error';
import { ApiError, BadRequestError, ForbiddenError, NotFoundError, UnreachableError } from '../http/errors';
import { withTimeout } from '../http/timeout';
import { openDedicatedAmqp } from './amqp';
import type { RabbitmqConnector } from './connector';
import { mgmtPath } from './management-client';
import { mgmtExchangeSchema } from './schemas';

/** How long a batch may wait for the broker's publisher confirms. */
const CONFIRM_TIMEOUT_MS = 30_000;

/** One message a job publishes: its body and what AMQP carries beside it. */
export type OutgoingMessage = { routingKey: string; body: Buffer; headers: Record<string, string>; messageId: string; timestampMs: number };

/** Publishes batches to one exchange with publisher confirms, on an AMQP connection of its own. */
export interface ConfirmedPublisher {
  /** Resolves once the broker confirmed every message of the batch; refuses a batch some of whose messages no queue got. */
  publish(messages: OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}

/** 404 when the exchange does not exist on the vhost ("" is the default exchange, always there). */
export async function assertExchange(c: RabbitmqConnector, vhost: string, exchange: string): Promise<void> {
  if (exchange !== '') await c.management.get(`exchanges/${mgmtPath(vhost, exchange)}`, mgmtExchangeSchema);
}

/** The broker's reason for closing the channel (404 NOT_FOUND, 403 ACCESS_REFUSED, 406), as the API's error. */
function channelFailure(what: string, e: unknown): Error {
  const code = (e as { code?: unknown } | null)?.code;
  const message = `${what} failed: ${describeBrokerError(e)}`;
  if (code === 404) return new NotFoundError(message);
  if (code === 403) return new ForbiddenError(message);
  if (code === 406) return new BadRequestError(message);
  return new UnreachableError(message);
}

function failure(what: string, e: unknown): Error {
  if (e instanceof ApiError) return e;
  return new UnreachableError(`${what} failed: ${describeBrokerError(e)}`);
}

/**
 * A publisher for a long job (a replay into RabbitMQ): a dedicated connection named after the job, so that a test or
 * an operator can see and kill it, and one confirm channel. Messages are persistent and mandatory: one that no queue
 * would get comes back (basic.return) instead of vanishing, and the batch is refused.
 */
export async function openConfirmedPublisher(c: RabbitmqConnector, vhost: string, exchange: string, name: string): Promise<ConfirmedPublisher> {
  const model: ChannelModel = await openDedicatedAmqp(c.config, vhost, name);
  let ch: ConfirmChannel;
  try {
    ch = await model.createConfirmChannel();
  } catch (e) {
    await model.close().catch(() => undefined);
    throw failure(`Opening a confirm channel on RabbitMQ connection "${c.config.id}"`, e);
  }
  let returned = 0;
  ch.on('return', () => {
    returned++;
  });
  // The broker closing the channel (the exchange deleted, access revoked) says why only here: waitForConfirms then
  // fails with a bare "channel closed".
  let closedBy: unknown = null;
  ch.on('error', (e: unknown) => {
    closedBy ??= e;
  });
  return {
    async publish(messages) {
      returned = 0;
      for (const m of messages) {
        ch.publish(exchange, m.routingKey, m.body, {
          mandatory: true,
          persistent: true,
          headers: m.headers,
          messageId: m.messageId,
          timestamp: Math.floor(m.timestampMs / 1000),
        });
      }
      const what = `Publishing to exchange "${exchange}" on RabbitMQ connection "${c.config.id}"`;
      if (closedBy) throw channelFailure(what, closedBy);
      await withTimeout(ch.waitForConfirms(), CONFIRM_TIMEOUT_MS, `RabbitMQ "${c.config.id}" (publisher confirms)`).catch((e: unknown) => {
        throw closedBy ? channelFailure(what, closedBy) : failure(what, e);
      });
      if (returned > 0) {
        throw new BadRequestError(
          `${returned} of ${messages.length} messages were unroutable: exchange "${exchange}" on "${c.config.id}" has no binding for their routing key; bind a queue and resume`,
        );
      }
    },
    async close() {
      await ch.close().catch(() => undefined);
      await model.close().catch(() => undefined);
    },
  };
}
