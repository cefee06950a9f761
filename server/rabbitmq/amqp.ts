import 'server-only';
import { connect, type Channel, type ChannelModel, type ConfirmChannel } from 'amqplib';
import type { RabbitmqConnectionConfig } from '../config/schema';
import { describeBrokerError } from '../connections/broker-error';
import { ApiError, NotFoundError, TimeoutError, UnreachableError } from '../http/errors';
import { encodeSegment } from '../http/text';
import { BROKER_CALL_TIMEOUT_MS, withTimeout } from '../http/timeout';
import { logger } from '../logger';
import { FailureBackoff } from '../util/backoff';

/** The configured AMQP URL with the configured credentials filled in when the URL carries none. */
export function amqpUrlWithCredentials(config: RabbitmqConnectionConfig, vhost?: string): string {
  const url = new URL(config.amqpUrl);
  if (!url.username) {
    url.username = encodeURIComponent(config.username);
    url.password = encodeURIComponent(config.password);
  }
  // An AMQP connection is bound to one vhost, named by the URL path ("/" is "%2F").
  if (vhost !== undefined) url.pathname = `/${encodeSegment(vhost, 'vhost')}`;
  return url.toString();
}

/**
 * A new AMQP connection of its own (not shared), e.g. for a long move that must not disturb other work and that
 * a test can kill. The caller closes it.
 */
export async function openDedicatedAmqp(config: RabbitmqConnectionConfig, vhost: string, name: string): Promise<ChannelModel> {
  const opening = connect(amqpUrlWithCredentials(config, vhost), { timeout: 3000, noDelay: true, clientProperties: { connection_name: name } });
  try {
    const model = await withTimeout(opening, BROKER_CALL_TIMEOUT_MS, `AMQP of "${config.id}"`);
    model.on('error', (err: unknown) => logger.warn({ connection: config.id, err: describeBrokerError(err) }, 'AMQP connection error'));
    return model;
  } catch (e) {
    void opening.then((m) => m.close()).catch(() => undefined);
    throw amqpOpenError(config, vhost, e);
  }
}

function amqpOpenError(config: RabbitmqConnectionConfig, vhost: string | undefined, e: unknown): Error {
  const detail = describeBrokerError(e);
  // Access to an unknown vhost is refused with 530 NOT_ALLOWED once the socket is open. amqplib 2 reports only
  // that connection.open was answered with connection.close, which it is for nothing but the vhost.
  if (vhost !== undefined && /NOT_ALLOWED|vhost|Expected ConnectionOpenOk; got <ConnectionClose/i.test(detail)) return new NotFoundError(`vhost "${vhost}" not found or not accessible on "${config.id}"`);
  if (e instanceof ApiError) return e;
  return new UnreachableError(`AMQP of RabbitMQ connection "${config.id}" is unreachable: ${detail}`);
}

const MAX_VHOST_CONNECTIONS = 32;
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 5000;

/**
 * One shared AMQP connection per Wharf connection, reopened on demand after it drops. After a failed open, calls
 * fail at once with that error for a while (from 0.5 s, doubling up to 5 s) instead of each one dialling a broker
 * that is down or hanging; the first open that succeeds resets the wait. A broker that hangs (a stopped process,
 * a frozen host) keeps the socket open and answers nothing: an open connection that cannot open a channel in time
 * is dropped and counts as a failed open.
 */
export class AmqpConnection {
  private model: Promise<ChannelModel> | null = null;
  private opened: ChannelModel | null = null;
  private readonly backoff = new FailureBackoff(RETRY_MIN_MS, RETRY_MAX_MS);
  private readonly perVhost = new Map<string, AmqpConnection>();

  constructor(
    private readonly config: RabbitmqConnectionConfig,
    private readonly vhost?: string,
  ) {}

  /** The shared connection to `vhost` (one per vhost, opened on first use). */
  forVhost(vhost: string): AmqpConnection {
    let conn = this.perVhost.get(vhost);
    if (!conn) {
      // Vhost names come from requests: keep the map bounded (a name that fails to open would otherwise stay).
      if (this.perVhost.size >= MAX_VHOST_CONNECTIONS) {
        const [oldest, stale] = this.perVhost.entries().next().value as [string, AmqpConnection];
        this.perVhost.delete(oldest);
        void stale.close();
      }
      conn = new AmqpConnection(this.config, vhost);
      this.perVhost.set(vhost, conn);
    }
    return conn;
  }

  get(): Promise<ChannelModel> {
    const blocked = this.model ? null : this.backoff.blocked();
    if (blocked) return Promise.reject(blocked);
    if (!this.model) {
      const opening = connect(amqpUrlWithCredentials(this.config, this.vhost), { timeout: 3000, noDelay: true, clientProperties: { connection_name: 'wharf' } });
      this.model = withTimeout(opening, BROKER_CALL_TIMEOUT_MS, `AMQP of "${this.config.id}"`).then(
        (model) => {
          this.backoff.succeeded();
          this.opened = model;
          const drop = () => {
            if (this.model === current) this.model = null;
            if (this.opened === model) this.opened = null;
          };
          model.on('close', drop);
          model.on('error', (err: unknown) => {
            logger.warn({ connection: this.config.id, err: describeBrokerError(err) }, 'AMQP connection error');
            drop();
          });
          return model;
        },
        (e: unknown) => {
          this.model = null;
          void opening.then((m) => m.close()).catch(() => undefined);
          const error = amqpOpenError(this.config, this.vhost, e);
          // A vhost that does not exist is an answer, not an outage: the next call may ask again at once.
          if (!(error instanceof NotFoundError)) this.backoff.failed(error);
          throw error;
        },
      );
      const current = this.model;
    }
    return this.model;
  }

  /**
   * A channel on the shared connection, opened within the broker-call timeout. The caller closes it. A channel that
   * opens only after the timeout (the broker resumed) is closed at once instead of being left open for nobody.
   */
  async openChannel(confirm: boolean): Promise<Channel | ConfirmChannel> {
    const model = await this.get();
    const opening: Promise<Channel | ConfirmChannel> = confirm ? model.createConfirmChannel() : model.createChannel();
    try {
      return await withTimeout(opening, BROKER_CALL_TIMEOUT_MS, `AMQP channel of "${this.config.id}"`);
    } catch (e) {
      void opening.then((late) => late.close()).catch(() => undefined);
      if (e instanceof TimeoutError) this.unresponsive(model, e);
      throw e;
    }
  }

  /** Drops a shared connection whose broker stopped answering; its close completes if the broker ever answers. */
  private unresponsive(model: ChannelModel, error: Error): void {
    if (this.opened !== model) return;
    this.opened = null;
    this.model = null;
    this.backoff.failed(error);
    logger.warn({ connection: this.config.id, err: error.message }, 'AMQP connection dropped: the broker stopped answering');
    void model.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    const model = this.model;
    this.model = null;
    this.opened = null;
    const others = [...this.perVhost.values()];
    this.perVhost.clear();
    // A hung broker never answers connection.close: shutdown does not wait for it longer than for any call.
    const closing = model?.then((m) => withTimeout(m.close(), BROKER_CALL_TIMEOUT_MS, `AMQP of "${this.config.id}"`));
    await Promise.all([closing?.catch(() => undefined), ...others.map((o) => o.close())]);
  }
}
