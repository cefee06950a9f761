import 'server-only';
import type { Admin } from 'kafkajs';
import { describeBrokerError } from '../connections/broker-error';
import { UnreachableError } from '../http/errors';
import { BROKER_CALL_TIMEOUT_MS, withTimeout } from '../http/timeout';
import { toApiError } from './admin-errors';
import type { KafkaConnector } from './connector';
import { isUnknownTopic } from './groups-errors';

/** Longer than the longest call run on one of these clients (offset resets, 30 s). */
const DROPPED_CLIENT_GRACE_MS = 35_000;

/**
 * A kafkajs admin client of our own for group and offset work. kafkajs remembers every topic it was asked
 * about and refreshes metadata for all of them; once one is deleted, every later call fails with "does not host
 * this topic-partition". So a call failing that way is retried once on a brand-new client before the topic is
 * taken to be really gone.
 */
export class OwnAdmin {
  private admin: Promise<Admin> | null = null;
  /** Broker requests made through this client (kafkajs instrumentation events). */
  requests = 0;

  constructor(private readonly connector: KafkaConnector) {}

  private get(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.connector.kafka.admin({ retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 } });
      admin.on(admin.events.REQUEST, () => {
        this.requests++;
      });
      this.admin = withTimeout(admin.connect(), BROKER_CALL_TIMEOUT_MS, `Kafka connection "${this.connector.config.id}"`).then(
        () => admin,
        (e: unknown) => {
          this.admin = null;
          void admin.disconnect().catch(() => undefined);
          throw new UnreachableError(`Kafka connection "${this.connector.config.id}" is unreachable: ${describeBrokerError(e)}`);
        },
      );
    }
    return this.admin;
  }

  async call<T>(what: string, fn: (admin: Admin) => Promise<T>, timeoutMs = BROKER_CALL_TIMEOUT_MS): Promise<T> {
    const client = this.get();
    const run = async (c: Promise<Admin>) => withTimeout(fn(await c), timeoutMs, `Kafka connection "${this.connector.config.id}" (${what})`);
    try {
      return await run(client);
    } catch (e) {
      // Unknown-topic errors may come from a stale topic list: retry on a fresh client. Other failures (timeouts,
      // lost sockets) also drop the client so the next call reconnects. Concurrent failures of the same client
      // drop it once, never its replacement.
      if (this.admin === client) {
        this.admin = null;
        // Closed later, not now: other calls may still run on it, and closing clears its metadata under them.
        setTimeout(() => void client.then((a) => a.disconnect()).catch(() => undefined), DROPPED_CLIENT_GRACE_MS).unref();
      }
      if (isUnknownTopic(e)) return run(this.get()).catch((e2: unknown) => Promise.reject(toApiError(e2, this.subject(what))));
      throw toApiError(e, this.subject(what));
    }
  }

  private subject(what: string): string {
    return `Kafka connection "${this.connector.config.id}" (${what})`;
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = null;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
  }
}

const KEY = Symbol.for('wharf.groups-admin');
type GlobalWithAdmins = typeof globalThis & { [KEY]?: Map<string, OwnAdmin> };

/** One per connection, on globalThis like the connectors, for the consumer-group routes. */
export function groupsAdmin(connector: KafkaConnector): OwnAdmin {
  const g = globalThis as GlobalWithAdmins;
  g[KEY] ??= new Map();
  let admin = g[KEY].get(connector.config.id);
  if (!admin) {
    admin = new OwnAdmin(connector);
    g[KEY].set(connector.config.id, admin);
    const close = () => void admin?.close();
    process.once('SIGTERM', close);
    process.once('SIGINT', close);
  }
  return admin;
}
