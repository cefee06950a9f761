import 'server-only';
import { connect, type ChannelModel } from 'amqplib';
import type { RabbitmqConnectionConfig } from '../config/schema';
import { describeBrokerError } from '../connections/broker-error';
import { UnreachableError } from '../http/errors';
import { BROKER_CALL_TIMEOUT_MS, withTimeout } from '../http/timeout';
import { logger } from '../logger';

/** The configured AMQP URL with the configured credentials filled in when the URL carries none. */
export function amqpUrlWithCredentials(config: RabbitmqConnectionConfig): string {
  const url = new URL(config.amqpUrl);
  if (!url.username) {
    url.username = encodeURIComponent(config.username);
    url.password = encodeURIComponent(config.password);
  }
  return url.toString();
}

/** One shared AMQP connection per Wharf connection, reopened on demand after it drops. */
export class AmqpConnection {
  private model: Promise<ChannelModel> | null = null;

  constructor(private readonly config: RabbitmqConnectionConfig) {}

  get(): Promise<ChannelModel> {
    if (!this.model) {
      const opening = connect(amqpUrlWithCredentials(this.config), { timeout: 3000, clientProperties: { connection_name: 'wharf' } });
      this.model = withTimeout(opening, BROKER_CALL_TIMEOUT_MS, `AMQP of "${this.config.id}"`).then(
        (model) => {
          const drop = () => {
            if (this.model === current) this.model = null;
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
          throw new UnreachableError(`AMQP of RabbitMQ connection "${this.config.id}" is unreachable: ${describeBrokerError(e)}`);
        },
      );
      const current = this.model;
    }
    return this.model;
  }

  async close(): Promise<void> {
    const model = this.model;
    this.model = null;
    await model?.then((m) => m.close()).catch(() => undefined);
  }
}
