import 'server-only';
import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import type { KafkaConnectionConfig } from '../config/schema';
import { logger } from '../logger';
import './codecs';

function sasl(config: KafkaConnectionConfig): SASLOptions | undefined {
  if (!config.sasl) return undefined;
  const { mechanism, username, password } = config.sasl;
  return { mechanism, username, password } as SASLOptions;
}

const kafkaLog = logger.child({ module: 'kafkajs' });

/** One kafkajs client per connection; short timeouts and few retries so a dead broker fails fast. */
export function createKafka(config: KafkaConnectionConfig): Kafka {
  const options: KafkaConfig = {
    clientId: config.clientId,
    brokers: config.brokers,
    ssl: config.tls,
    sasl: sasl(config),
    connectionTimeout: 3000,
    authenticationTimeout: 3000,
    requestTimeout: 10_000,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
    logLevel: logLevel.WARN,
    logCreator: () => ({ level, log }) => {
      const { message, ...extra } = log;
      // kafkajs logs every refused connection at ERROR; the registry reports those as status instead.
      if (level <= logLevel.ERROR) kafkaLog.debug({ ...extra, connection: config.id }, message);
      else kafkaLog.warn({ ...extra, connection: config.id }, message);
    },
  };
  return new Kafka(options);
}
