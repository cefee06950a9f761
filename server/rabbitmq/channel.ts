import 'server-only';
import type { Channel, ConfirmChannel } from 'amqplib';
import { describeBrokerError } from '../connections/broker-error';
import { ApiError, BadRequestError, ForbiddenError, NotFoundError, UnreachableError } from '../http/errors';
import { BROKER_CALL_TIMEOUT_MS, withTimeout } from '../http/timeout';
import { logger } from '../logger';
import type { RabbitmqConnector } from './connector';

type AmqpError = { code?: unknown; message?: unknown };

/**
 * A channel-level AMQP error (404 NOT_FOUND, 406 PRECONDITION_FAILED, 403 ACCESS_REFUSED) as an API error; anything
 * else (a connection or channel that closed under the call) is a 503, naming the connection when given.
 */
export function amqpChannelError(e: unknown, what: string, connectionId?: string): Error {
  if (e instanceof ApiError) return e;
  const code = (e as AmqpError)?.code;
  const text = String((e as AmqpError)?.message ?? e).replace(/^Operation failed: \w+; \d+ \(\S+\) with message "(.*)"$/, '$1');
  if (code === 404) return new NotFoundError(`${what} not found`);
  if (code === 406) return new BadRequestError(`RabbitMQ refused: ${text}`);
  if (code === 403) return new ForbiddenError(`RabbitMQ refused: ${text}`);
  return new UnreachableError(`${what}${connectionId ? ` on RabbitMQ connection "${connectionId}"` : ''}: ${describeBrokerError(e)}`);
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

/** A channel's close after its work succeeded waits for the broker's answer this long, not more. */
const CLOSE_WAIT_MS = 1000;

async function runOnChannel<T>(c: RabbitmqConnector, vhost: string, what: string, confirm: boolean, work: (ch: Channel | ConfirmChannel) => Promise<T>, timeoutMs = BROKER_CALL_TIMEOUT_MS): Promise<T> {
  let ch: Channel | ConfirmChannel;
  try {
    ch = await c.amqp.forVhost(vhost).openChannel(confirm);
  } catch (e) {
    throw amqpChannelError(e, 'AMQP channel', c.config.id);
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
  let failed = false;
  try {
    return await withTimeout(work(ch), timeoutMs, `RabbitMQ "${c.config.id}"`);
  } catch (e) {
    failed = true;
    // Pending work fails with a generic "channel closed"; the broker's reason came on the channel's error event.
    throw amqpChannelError(brokerError ?? e, what, c.config.id);
  } finally {
    if (!closedByBroker) {
      // channel.close waits for the broker's close-ok, which a hung broker never sends: after a failure the
      // answer goes out without it, after a success it waits a moment at most.
      const closing = ch.close().catch(() => undefined);
      if (!failed) await Promise.race([closing, new Promise((r) => setTimeout(r, CLOSE_WAIT_MS).unref())]);
    }
  }
}
