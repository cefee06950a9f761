import 'server-only';
import type { Channel, ConfirmChannel } from 'amqplib';
import { describeBrokerError } from '../connections/broker-error';
import { ApiError, BadRequestError, ForbiddenError, NotFoundError } from '../http/errors';
import { BROKER_CALL_TIMEOUT_MS, withTimeout } from '../http/timeout';
import { logger } from '../logger';
import type { RabbitmqConnector } from './connector';

type AmqpError = { code?: unknown; message?: unknown };

/** A channel-level AMQP error (404 NOT_FOUND, 406 PRECONDITION_FAILED, 403 ACCESS_REFUSED) as an API error. */
export function amqpChannelError(e: unknown, what: string): Error {
  if (e instanceof ApiError) return e;
  const code = (e as AmqpError)?.code;
  const text = String((e as AmqpError)?.message ?? e).replace(/^Operation failed: \w+; \d+ \(\S+\) with message "(.*)"$/, '$1');
  if (code === 404) return new NotFoundError(`${what} not found`);
  if (code === 406) return new BadRequestError(`RabbitMQ refused: ${text}`);
  if (code === 403) return new ForbiddenError(`RabbitMQ refused: ${text}`);
  return new ApiError(503, 'UNREACHABLE', `${what}: ${describeBrokerError(e)}`);
}

/**
 * Runs `work` on a channel of its own on the vhost's shared connection, then closes it. A channel error (a passive
 * check of a missing queue closes the channel) stays on this channel: other channels and requests go on.
 */
export async function withChannel<T>(
  c: RabbitmqConnector,
  vhost: string,
  what: string,
  work: (ch: Channel) => Promise<T>,
  opts: { confirm?: false; timeoutMs?: number } = {},
): Promise<T> {
  return runOnChannel(c, vhost, what, false, work as (ch: Channel | ConfirmChannel) => Promise<T>, opts.timeoutMs);
}

export async function withConfirmChannel<T>(c: RabbitmqConnector, vhost: string, what: string, work: (ch: ConfirmChannel) => Promise<T>, timeoutMs?: number): Promise<T> {
  return runOnChannel(c, vhost, what, true, work as (ch: Channel | ConfirmChannel) => Promise<T>, timeoutMs);
}

async function runOnChannel<T>(c: RabbitmqConnector, vhost: string, what: string, confirm: boolean, work: (ch: Channel | ConfirmChannel) => Promise<T>, timeoutMs = BROKER_CALL_TIMEOUT_MS): Promise<T> {
  const model = await c.amqp.forVhost(vhost).get();
  let ch: Channel | ConfirmChannel;
  try {
    ch = await withTimeout(confirm ? model.createConfirmChannel() : model.createChannel(), BROKER_CALL_TIMEOUT_MS, `AMQP channel of "${c.config.id}"`);
  } catch (e) {
    throw amqpChannelError(e, `AMQP channel of "${c.config.id}"`);
  }
  let closedByBroker = false;
  let brokerError: unknown = null;
  ch.on('error', (err: unknown) => {
    closedByBroker = true;
    brokerError = err;
    logger.debug({ connection: c.config.id, err: describeBrokerError(err) }, 'AMQP channel closed by the broker');
  });
  ch.on('close', () => {
    closedByBroker = true;
  });
  try {
    return await withTimeout(work(ch), timeoutMs, `RabbitMQ "${c.config.id}"`);
  } catch (e) {
    // Pending work fails with a generic "channel closed"; the broker's reason came on the channel's error event.
    throw amqpChannelError(brokerError ?? e, what);
  } finally {
    if (!closedByBroker) await ch.close().catch(() => undefined);
  }
}
