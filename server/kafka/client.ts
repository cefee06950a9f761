import 'server-only';
import { Admin, Producer, type BaseOptions, type SASLOptions } from '@platformatic/kafka';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import type { KafkaConnectionConfig } from '../config/schema';

const SASL_MECHANISMS = { plain: 'PLAIN', 'scram-sha-256': 'SCRAM-SHA-256', 'scram-sha-512': 'SCRAM-SHA-512' } as const;

function sasl(config: KafkaConnectionConfig): SASLOptions | undefined {
  if (!config.sasl) return undefined;
  const { mechanism, username, password } = config.sasl;
  return { mechanism: SASL_MECHANISMS[mechanism], username, password };
}

function tls(config: KafkaConnectionConfig): TlsOptions | undefined {
  if (!config.tls) return undefined;
  return config.tls === true ? {} : config.tls;
}

/**
 * Options shared by the connection's clients: short timeouts and one retry, so a dead or hung broker fails within
 * the broker-call timeout instead of being retried for half a minute; never create a topic as a side effect.
 */
export function clientOptions(config: KafkaConnectionConfig): BaseOptions {
  return {
    clientId: config.clientId,
    bootstrapBrokers: config.brokers,
    sasl: sasl(config),
    tls: tls(config),
    connectTimeout: 3000,
    requestTimeout: 10_000,
    timeout: 10_000,
    retries: 1,
    retryDelay: 100,
    // Metadata is re-read when it is older than this or a broker says it is stale (unknown topic, not leader).
    metadataMaxAge: 30_000,
    autocreateTopics: false,
  };
}

export function createAdmin(config: KafkaConnectionConfig): Admin {
  return new Admin(clientOptions(config));
}

/** The connection's producer for messages a person sends: acks from every in-sync replica. */
export function createProducer(config: KafkaConnectionConfig): Producer {
  return new Producer({ ...clientOptions(config), acks: -1, idempotent: false });
}

/**
 * The connection's producer for jobs: acks from every in-sync replica, and a request timeout long enough for a
 * megabyte-sized Produce on a busy broker (the job bounds its writes by its own deadline and retries).
 */
export function createJobProducer(config: KafkaConnectionConfig): Producer {
  return new Producer({ ...clientOptions(config), acks: -1, idempotent: false, requestTimeout: 30_000 });
}
