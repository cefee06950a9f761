import 'server-only';
import type { Admin, Kafka } from 'kafkajs';
import type { KafkaConnectionConfig } from '../config/schema';
import type { Connector, ProbeResult } from '../connections/types';
import { describeBrokerError } from '../connections/broker-error';
import { UnreachableError } from '../http/errors';
import { BROKER_CALL_TIMEOUT_MS, withTimeout } from '../http/timeout';
import { createKafka } from './client';
import { isUnknownTopic } from './groups-errors';

const MAX_BACKOFF_MS = 4000;
/** Longer than any call a caller runs on the shared admin (the longest timeout passed to call()). */
const DROPPED_ADMIN_GRACE_MS = 35_000;

export class KafkaConnector implements Connector {
  readonly kafka: Kafka;
  readonly target: string;
  readonly capabilities;
  private admin: Promise<Admin> | null = null;
  private failures = 0;
  private retryAt = 0;
  private lastError = '';
  /** Extra clients built on this connection (e.g. the raw cluster client) that close with it. */
  private closers: Array<() => Promise<void>> = [];

  constructor(readonly config: KafkaConnectionConfig) {
    this.kafka = createKafka(config);
    this.target = config.brokers.join(',');
    this.capabilities = { topics: true, consumerGroups: true, queues: false, exchanges: false, mutations: !config.readOnly, administration: !config.readOnly, messageContents: true, jobs: true };
  }

  /** A connected admin client, shared by every caller; reconnects with backoff after a failure. */
  async getAdmin(): Promise<Admin> {
    if (!this.admin) {
      if (Date.now() < this.retryAt) {
        throw new UnreachableError(`Kafka connection "${this.config.id}" is unreachable: ${this.lastError}`);
      }
      const admin = this.kafka.admin({ retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 } });
      this.admin = withTimeout(admin.connect(), BROKER_CALL_TIMEOUT_MS, `Kafka connection "${this.config.id}"`).then(
        () => admin,
        (e: unknown) => {
          this.admin = null;
          void admin.disconnect().catch(() => undefined);
          throw this.recordFailure(e);
        },
      );
    }
    return this.admin;
  }

  /**
   * Runs one admin call under the broker-call timeout; a failure drops the admin so the next call reconnects.
   * kafkajs refreshes metadata for every topic a client was ever asked about, so once any of them is deleted
   * (by anyone) every later call of that client fails with "does not host this topic-partition", even calls about
   * other topics or none: such a failure is retried once on a fresh admin before it is taken as the broker's answer.
   */
  async call<T>(what: string, fn: (admin: Admin) => Promise<T>, timeoutMs = BROKER_CALL_TIMEOUT_MS): Promise<T> {
    try {
      return await this.callOnce(what, fn, timeoutMs);
    } catch (e) {
      if (!isUnknownTopic(e)) throw e;
      this.resetAdmin();
      return this.callOnce(what, fn, timeoutMs);
    }
  }

  private async callOnce<T>(what: string, fn: (admin: Admin) => Promise<T>, timeoutMs: number): Promise<T> {
    const admin = await this.getAdmin();
    try {
      const result = await withTimeout(fn(admin), timeoutMs, `Kafka connection "${this.config.id}" (${what})`);
      this.failures = 0;
      return result;
    } catch (e) {
      if (isConnectionFailure(e)) {
        this.resetAdmin();
        throw this.recordFailure(e);
      }
      throw e;
    }
  }

  private recordFailure(e: unknown): UnreachableError {
    this.failures += 1;
    this.lastError = describeBrokerError(e);
    this.retryAt = Date.now() + Math.min(MAX_BACKOFF_MS, 250 * 2 ** this.failures);
    return new UnreachableError(`Kafka connection "${this.config.id}" is unreachable: ${this.lastError}`);
  }

  /**
   * Drops the shared admin; the next call connects a new one. The old one is closed only once calls still running
   * on it are past their timeout: closing it under them clears its metadata and fails them with a TypeError.
   */
  private resetAdmin(): void {
    const admin = this.admin;
    this.admin = null;
    if (!admin) return;
    setTimeout(() => void admin.then((a) => a.disconnect()).catch(() => undefined), DROPPED_ADMIN_GRACE_MS).unref();
  }

  async probe(): Promise<ProbeResult> {
    const cluster = await this.call('describe cluster', (a) => a.describeCluster());
    const [metadata, groups, version] = await Promise.all([
      this.call('topic metadata', (a) => a.fetchTopicMetadata()),
      this.call('list groups', (a) => a.listGroups()),
      this.brokerVersion(cluster.controller ?? cluster.brokers[0]?.nodeId),
    ]);
    return {
      version,
      counts: {
        kind: 'kafka',
        brokers: cluster.brokers.length,
        topics: metadata.topics.length,
        partitions: metadata.topics.reduce((n, t) => n + t.partitions.length, 0),
        consumerGroups: groups.groups.length,
      },
    };
  }

  /** Kafka reports no version over the protocol; 3.x brokers expose it as inter.broker.protocol.version. */
  private async brokerVersion(nodeId: number | undefined): Promise<string | null> {
    if (nodeId === undefined) return null;
    try {
      const res = await this.call('broker config', (a) =>
        a.describeConfigs({
          resources: [{ type: 4, name: String(nodeId), configNames: ['inter.broker.protocol.version'] }],
          includeSynonyms: false,
        }),
      );
      const value = res.resources[0]?.configEntries.find((e) => e.configName === 'inter.broker.protocol.version')?.configValue;
      return value ? value.replace(/-IV\d+$/, '') : null;
    } catch (e) {
      if (e instanceof UnreachableError) throw e;
      return null;
    }
  }

  onClose(fn: () => Promise<void>): void {
    this.closers.push(fn);
  }

  async close(): Promise<void> {
    const closers = this.closers.splice(0);
    await Promise.allSettled(closers.map((fn) => fn()));
    const admin = this.admin;
    this.admin = null;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
  }
}

/**
 * Is this the broker being unreachable (drop the admin, back off), rather than the broker answering with an error?
 * kafkajs wraps both in NumberOfRetriesExceeded, so look at the innermost error: an unknown topic retried until the
 * retries ran out is an answer, not an outage.
 */
export function isConnectionFailure(e: unknown): boolean {
  if (e instanceof UnreachableError) return true;
  let cur = e as { name?: string; code?: unknown; originalError?: unknown; cause?: unknown } | undefined;
  for (let i = 0; i < 5 && (cur?.originalError ?? cur?.cause); i++) cur = (cur?.originalError ?? cur?.cause) as typeof cur;
  const name = cur?.name ?? '';
  if (cur?.code === 'TIMEOUT' || (typeof cur?.code === 'string' && /^E[A-Z]+$/.test(cur.code))) return true;
  return /KafkaJSConnectionError|KafkaJSConnectionClosedError|KafkaJSRequestTimeoutError|KafkaJSBrokerNotFound|KafkaJSLockTimeout/.test(name);
}
