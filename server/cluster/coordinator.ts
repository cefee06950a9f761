import 'server-only';
import os from 'node:os';
import pg from 'pg';
import { logger } from '../logger';

/** This process among the replicas: WHARF_REPLICA_ID, or host and pid (unique while it runs). */
export const replicaId = process.env.WHARF_REPLICA_ID || `${os.hostname()}-${process.pid}`;

/** Replicas are the sessions of the same database whose application_name starts with this. */
const APPLICATION_PREFIX = 'wharf-replica:';
const QUERY_TIMEOUT_MS = 5000;
const RETRY_MS = 1000;

type NotificationHandler = (payload: string) => void;

/**
 * One dedicated PostgreSQL session per replica. What lives on it lives as long as the replica's process: the
 * advisory locks of sampler leadership (PostgreSQL drops them the moment the session ends, kill -9 included) and
 * the LISTEN for live ticks. Everything else goes through the store's pool. When the session is lost, every lock
 * held on it is gone: `onLost` listeners step down at once, and the next call opens a new session.
 */
export class Coordinator {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private readonly channels = new Map<string, Set<NotificationHandler>>();
  private readonly lostListeners = new Set<() => void>();
  private closed = false;

  constructor(private readonly connectionString: string) {}

  /** Runs one statement on the dedicated session (opened on first use, reopened after a loss). */
  async query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    const client = await this.session();
    return (await client.query<R>({ text: sql, values: params })).rows;
  }

  /** Delivers NOTIFY payloads of `channel`, also across reconnects. Returns the unsubscribe function. */
  async listen(channel: string, handler: NotificationHandler): Promise<() => void> {
    let set = this.channels.get(channel);
    if (!set) {
      set = new Set();
      this.channels.set(channel, set);
      if (this.client) await this.client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    }
    set.add(handler);
    await this.session();
    return () => set.delete(handler);
  }

  onLost(listener: () => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /** Live replicas of this database (this one included), by their coordination sessions. */
  async replicas(): Promise<number> {
    const rows = await this.query<{ n: string }>(
      `SELECT count(DISTINCT application_name) AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name LIKE $1`,
      [`${APPLICATION_PREFIX}%`],
    );
    return Math.max(1, Number(rows[0]?.n ?? 1));
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private session(): Promise<pg.Client> {
    if (this.closed) return Promise.reject(new Error('The coordination session is closed'));
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.open().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async open(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: `${APPLICATION_PREFIX}${replicaId}`,
      connectionTimeoutMillis: QUERY_TIMEOUT_MS,
      query_timeout: QUERY_TIMEOUT_MS,
      keepAlive: true,
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, null));
    client.on('notification', (msg) => {
      for (const handler of this.channels.get(msg.channel) ?? []) handler(msg.payload ?? '');
    });
    try {
      await client.connect();
      for (const channel of this.channels.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (e) {
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, RETRY_MS).unref());
      throw e;
    }
    this.client = client;
    return client;
  }

  private lost(client: pg.Client, err: Error | null): void {
    if (this.client !== client) return;
    this.client = null;
    if (!this.closed) logger.warn({ err: err?.message, replica: replicaId }, 'coordination session lost; leadership released');
    client.end().catch(() => undefined);
    for (const l of this.lostListeners) l();
    // Ticks and leadership need the session back without waiting for the next caller.
    if (!this.closed && this.channels.size) setTimeout(() => void this.session().catch(() => undefined), RETRY_MS).unref();
  }
}
