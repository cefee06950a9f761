import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { apiVersionsV3, connectionsApiChannel, type Admin, type API, type Connection, type Producer } from '@platformatic/kafka';
import type { KafkaConnectionConfig } from '../config/schema';
import type { Connector, ProbeResult } from '../connections/types';
import { describeBrokerError } from '../connections/broker-error';
import { ApiError, UnreachableError, UnsupportedError } from '../http/errors';
import { BROKER_CALL_TIMEOUT_MS, withTimeout } from '../http/timeout';
import { FailureBackoff } from '../util/backoff';
import { createAdmin, createJobProducer, createProducer } from './client';
import { brokerRelease } from './broker-release';
import { clusterMetadata } from './cluster';

const CLIENT_SOFTWARE = { name: 'wharf', version: '1.0.0' };

/** Message reads get broker connections of their own (KafkaConnector.sendRead): answered at once, or waiting for data. */
export type ReadLane = 'read' | 'tail';

/** Broker requests counted for whoever runs inside countRequests (the lag sampler reports its own). */
type RequestScope = { requests: number };
const requestScope = new AsyncLocalStorage<RequestScope>();
let countingInstalled = false;
function installRequestCounting(): void {
  if (countingInstalled) return;
  countingInstalled = true;
  // A tracing channel of the library: published synchronously where a request is sent, so in its caller's context.
  connectionsApiChannel.start.subscribe(() => {
    const scope = requestScope.getStore();
    if (scope) scope.requests++;
  });
}

/** Runs `fn` and counts the Kafka requests it sends, whatever client sends them. */
export async function countRequests<T>(fn: () => Promise<T>): Promise<{ result: T; requests: number }> {
  installRequestCounting();
  const scope: RequestScope = { requests: 0 };
  const result = await requestScope.run(scope, fn);
  return { result, requests: scope.requests };
}

/**
 * One Kafka connection: the only way in to its cluster. It owns the connection's two clients, created on first use
 * and closed together on shutdown: an Admin (admin APIs, metadata, and the requests Wharf encodes itself, sent on
 * the Admin's own broker connections) and a Producer (messages a person sends). Every call runs under a timeout;
 * after a failure to reach the cluster, calls fail fast with that reason for a short, growing backoff.
 */
export class KafkaConnector implements Connector {
  readonly target: string;
  readonly capabilities;
  private adminClient: Admin | null = null;
  private producerClient: Producer | null = null;
  private jobProducerClient: Producer | null = null;
  private versions = new Map<number, Promise<Map<number, number>>>();
  private readonly backoff = new FailureBackoff(250, 4000);
  private readonly readers = new Map<ReadLane, Admin>();
  private closed = false;

  constructor(readonly config: KafkaConnectionConfig) {
    this.target = config.brokers.join(',');
    this.capabilities = { topics: true, consumerGroups: true, queues: false, exchanges: false, mutations: !config.readOnly, administration: !config.readOnly, messageContents: true, jobs: true };
  }

  /** The connection's Admin client; the library reconnects its broker connections by itself. */
  get admin(): Admin {
    if (this.closed) throw new UnreachableError(`Kafka connection "${this.config.id}" is closed`);
    this.adminClient ??= createAdmin(this.config);
    return this.adminClient;
  }

  /** The connection's Producer, for messages sent from the UI and the API. */
  get producer(): Producer {
    if (this.closed) throw new UnreachableError(`Kafka connection "${this.config.id}" is closed`);
    this.producerClient ??= createProducer(this.config);
    return this.producerClient;
  }

  /**
   * A Producer for jobs (replays): its own broker connections, so a job's stream of large Produce requests does not
   * queue the UI's requests behind it. Replays send their own requests on its connections (replay-producer.ts).
   */
  jobProducer(): Producer {
    if (this.closed) throw new UnreachableError(`Kafka connection "${this.config.id}" is closed`);
    this.jobProducerClient ??= createJobProducer(this.config);
    return this.jobProducerClient;
  }

  /**
   * Runs `fn` against the cluster under the broker-call timeout. A cluster that cannot be reached (refused, closed,
   * timed out, hung) answers UnreachableError naming the connection; broker refusals are passed through as they are.
   */
  async run<T>(what: string, fn: (c: KafkaConnector) => Promise<T>, timeoutMs = BROKER_CALL_TIMEOUT_MS): Promise<T> {
    const blocked = this.backoff.blocked();
    if (blocked) throw blocked;
    try {
      const result = await withTimeout(fn(this), timeoutMs, `Kafka connection "${this.config.id}" (${what})`);
      this.backoff.succeeded();
      return result;
    } catch (e) {
      if (isConnectionFailure(e)) throw this.recordFailure(e);
      throw e;
    }
  }

  /** `run` with the Admin: the usual way to call an admin API. */
  call<T>(what: string, fn: (admin: Admin) => Promise<T>, timeoutMs = BROKER_CALL_TIMEOUT_MS): Promise<T> {
    return this.run(what, () => fn(this.admin), timeoutMs);
  }

  /** The Admin's connection to broker `nodeId`, or to any broker of the cluster when null. */
  async connection(nodeId: number | null): Promise<{ nodeId: number; connection: Connection }> {
    const connections = await this.admin.connectToBrokers(nodeId === null ? null : [nodeId]);
    const first = nodeId === null ? [...connections][0] : connections.has(nodeId) ? ([nodeId, connections.get(nodeId)] as const) : undefined;
    if (!first?.[1]) throw new UnreachableError(`Kafka connection "${this.config.id}": broker ${nodeId ?? '(any)'} is not in the cluster metadata`);
    return { nodeId: first[0], connection: first[1] };
  }

  /** Highest version of each API broker `nodeId` supports (ApiVersions, read once per broker). */
  private apiVersions(nodeId: number, connection: Connection): Promise<Map<number, number>> {
    let v = this.versions.get(nodeId);
    if (!v) {
      v = apiVersionsV3.api.async(connection, CLIENT_SOFTWARE.name, CLIENT_SOFTWARE.version).then((r) => new Map(r.apiKeys.map((k) => [k.apiKey, k.maxVersion])));
      v.catch(() => this.versions.delete(nodeId));
      this.versions.set(nodeId, v);
    }
    return v;
  }

  /**
   * Sends one request Wharf builds from the library's API definitions, in the newest of `apis` (one API key, any
   * versions) that broker `nodeId` (or any broker) supports; fails naming the API when it supports none of them.
   */
  async send<A extends unknown[], R>(nodeId: number | null, apis: API<A, R>[], ...args: A): Promise<R> {
    const { nodeId: node, connection } = await this.connection(nodeId);
    const supported = await this.apiVersions(node, connection);
    const api = pickApi(apis, supported);
    return api.async(connection, ...args);
  }

  /**
   * `send` on the connections of a reader client of its own, one per lane, for message reads: a broker answers one
   * connection's requests one at a time, so a tail's Fetch waiting at the broker for new data (400 ms) held up every
   * Admin request to that broker behind it, and a scan's stream of 16 MiB Fetches queued them too. 'read' is for
   * reads the broker answers at once (browse, scan), 'tail' for Fetches that wait at the broker for data.
   */
  async sendRead<A extends unknown[], R>(lane: ReadLane, nodeId: number | null, apis: API<A, R>[], ...args: A): Promise<R> {
    if (this.closed) throw new UnreachableError(`Kafka connection "${this.config.id}" is closed`);
    let reader = this.readers.get(lane);
    if (!reader) this.readers.set(lane, (reader = createAdmin(this.config)));
    const connections = await reader.connectToBrokers(nodeId === null ? null : [nodeId]);
    const [node, connection] = (nodeId === null ? [...connections][0] : [nodeId, connections.get(nodeId)]) ?? [];
    if (node === undefined || !connection) throw new UnreachableError(`Kafka connection "${this.config.id}": broker ${nodeId ?? '(any)'} is not in the cluster metadata`);
    return pickApi(apis, await this.apiVersions(node, connection)).async(connection, ...args);
  }

  /** The newest version of the API that broker `nodeId` (any when null) supports, or null when it has none. */
  async maxVersion(nodeId: number | null, apiKey: number): Promise<number | null> {
    const { nodeId: node, connection } = await this.connection(nodeId);
    return (await this.apiVersions(node, connection)).get(apiKey) ?? null;
  }

  private recordFailure(e: unknown): Error {
    // Broker versions may change while it is away (a rolling upgrade): read them again once it is back.
    this.versions.clear();
    // A timeout of withTimeout already names the connection and the call; anything else gets the reason.
    const error =
      e instanceof UnreachableError ? e : e instanceof ApiError ? new UnreachableError(e.message) : new UnreachableError(`Kafka connection "${this.config.id}" is unreachable: ${describeBrokerError(e)}`);
    return this.backoff.failed(error);
  }

  async probe(): Promise<ProbeResult> {
    const [meta, groups, version] = await Promise.all([
      this.run('topic metadata', () => clusterMetadata(this)),
      this.call('list groups', (a) => a.listGroups({ types: ['classic', 'consumer', 'share'] }).catch(() => a.listGroups())),
      this.run('broker version', async () => {
        const { connection } = await this.connection(null);
        return brokerRelease(await apiVersionsV3.api.async(connection, CLIENT_SOFTWARE.name, CLIENT_SOFTWARE.version));
      }).catch((e: unknown) => {
        if (e instanceof UnreachableError) throw e;
        return null;
      }),
    ]);
    return {
      version,
      counts: {
        kind: 'kafka',
        brokers: meta.brokers.length,
        topics: meta.topicMetadata.length,
        partitions: meta.topicMetadata.reduce((n, t) => n + t.partitionMetadata.length, 0),
        consumerGroups: groups.size,
      },
    };
  }

  /** Closes its clients; the connector cannot be used afterwards (the registry builds a new one). */
  async close(): Promise<void> {
    this.closed = true;
    const clients = [...this.readers.values(), this.jobProducerClient, this.producerClient, this.adminClient];
    this.readers.clear();
    this.jobProducerClient = null;
    this.producerClient = null;
    this.adminClient = null;
    await Promise.allSettled(clients.map((c) => c?.close()));
  }
}

/** The newest of `apis` the broker supports (their versions differ, their key is the same). */
export function pickApi<A extends unknown[], R>(apis: API<A, R>[], supported: Map<number, number>): API<A, R> {
  const key = apis[0]?.key;
  const max = key === undefined ? undefined : supported.get(key);
  const best = max === undefined ? undefined : apis.filter((a) => a.version <= max).sort((a, b) => b.version - a.version)[0];
  if (!best) {
    throw new UnsupportedError(max === undefined ? `The broker does not support Kafka API ${key}` : `The broker supports Kafka API ${key} only up to version ${max}, older than Wharf can use`);
  }
  return best;
}

/**
 * Is this the cluster being unreachable (refused, closed, timed out), rather than a broker answering with an error?
 * @platformatic/kafka marks network failures and timeouts with the codes PLT_KFK_NETWORK and PLT_KFK_TIMEOUT, and
 * wraps a failure of every bootstrap broker in a MultipleErrors: look inside.
 */
export function isConnectionFailure(e: unknown): boolean {
  if (e instanceof UnreachableError) return true;
  if (e instanceof ApiError) return e.status === 503 && e.code === 'TIMEOUT';
  const seen = new Set<unknown>();
  const visit = (cur: { code?: unknown; errors?: unknown; cause?: unknown } | undefined, depth: number): boolean => {
    if (!cur || typeof cur !== 'object' || depth > 6 || seen.has(cur)) return false;
    seen.add(cur);
    if (cur.code === 'PLT_KFK_NETWORK' || cur.code === 'PLT_KFK_TIMEOUT' || (typeof cur.code === 'string' && /^E[A-Z]+$/.test(cur.code))) return true;
    if (Array.isArray(cur.errors) && cur.errors.some((inner) => visit(inner as typeof cur, depth + 1))) return true;
    return visit(cur.cause as typeof cur, depth + 1);
  };
  return visit(e as { code?: unknown }, 0);
}
