import 'server-only';
import type { Kafka } from 'kafkajs';
import metadataDefinition from 'kafkajs/src/protocol/requests/metadata/index.js';
import { UnreachableError } from '../http/errors';
import { BROKER_CALL_TIMEOUT_MS, withTimeout } from '../http/timeout';
import { describeBrokerError } from '../connections/broker-error';
import type { KafkaConnector } from './connector';
import type { ProtocolRequest } from './protocol/wire';

/*
 * kafkajs's public admin API hides what a browser and a cluster view need: Metadata v5+ fields
 * (isInternal, offlineReplicas, racks), batched ListOffsets, and plain Fetch requests that read
 * without a consumer group. Its internal Cluster (the one its admin, producer and consumer use)
 * gives all of these; we build one from the same client config through the client's own factory.
 */

export type RawPartitionMetadata = {
  partitionErrorCode: number;
  partitionId: number;
  leader: number;
  replicas: number[];
  isr: number[];
  offlineReplicas?: number[];
};
export type RawTopicMetadata = { topicErrorCode: number; topic: string; isInternal?: boolean; partitionMetadata: RawPartitionMetadata[] };
export type RawMetadata = {
  brokers: { nodeId: number; host: string; port: number; rack?: string | null }[];
  clusterId?: string | null;
  controllerId?: number;
  topicMetadata: RawTopicMetadata[];
};
export type RawListOffsetsResponse = { responses: { topic: string; partitions: { partition: number; errorCode: number; offset: string }[] }[] };
export type RawRecord = {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | Buffer[] | null>;
  isControlRecord: boolean;
  magicByte: number;
  batchContext?: { timestampType?: number };
};
export type RawFetchPartition = {
  partition: number;
  errorCode: number;
  highWatermark: string;
  lastStableOffset?: string;
  logStartOffset?: string;
  messages: RawRecord[];
};
export type RawFetchResponse = { responses: { topicName: string; partitions: RawFetchPartition[] }[] };

export type RawBroker = {
  nodeId: number;
  metadata(topics: string[]): Promise<RawMetadata>;
  listOffsets(req: {
    replicaId?: number;
    isolationLevel: number;
    topics: { topic: string; partitions: { partition: number; timestamp: number | string }[] }[];
  }): Promise<RawListOffsetsResponse>;
  fetch(req: {
    replicaId?: number;
    isolationLevel: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
  }): Promise<RawFetchResponse>;
  connectionPool: { send<T>(req: ProtocolRequest<T>): Promise<T> };
  lookupRequest(apiKey: number, definition: unknown): (args: Record<string, unknown>) => ProtocolRequest<unknown>;
};

export type RawCluster = {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  isConnected(): boolean;
  refreshMetadata(): Promise<void>;
  findBroker(q: { nodeId: string | number }): Promise<RawBroker>;
  brokerPool: { findConnectedBroker(): Promise<RawBroker>; createBroker: (options: unknown) => RawBroker };
};

type ClusterFactory = (options: { metadataMaxAge?: number; allowAutoTopicCreation?: boolean; isolationLevel?: number }) => RawCluster;

function clusterFactory(kafka: Kafka): ClusterFactory {
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  const factory = symbol ? (kafka as unknown as Record<symbol, unknown>)[symbol] : undefined;
  if (typeof factory !== 'function') throw new Error('kafkajs no longer exposes its cluster factory; check the kafkajs version');
  return factory as ClusterFactory;
}

const clusters = new WeakMap<KafkaConnector, Promise<RawCluster>>();
const closeHooked = new WeakSet<KafkaConnector>();

/** Isolation levels of Fetch and ListOffsets: uncommitted sees up to the high watermark. */
export const READ_UNCOMMITTED = 0;

/**
 * A new low-level cluster client of the connection, connected, with its broker list filled. Most callers share the
 * connection's one (rawCluster); the sampler keeps its own, so neither's failures drop the other's client.
 */
export function connectRawCluster(connector: KafkaConnector): Promise<RawCluster> {
  // Never create topics as a side effect of reading metadata for a name someone typed.
  const created = clusterFactory(connector.kafka)({ allowAutoTopicCreation: false, metadataMaxAge: 60_000 });
  const pool = created.brokerPool;
  const createBroker = pool.createBroker;
  pool.createBroker = (options) => {
    const broker = createBroker(options);
    broker.metadata = (topics) => lenientMetadata(broker, topics);
    return broker;
  };
  return withTimeout(
    created.connect().then(async () => {
      // Fills the pool's broker list, so requests can go to each partition's leader.
      await created.refreshMetadata();
      return created;
    }),
    BROKER_CALL_TIMEOUT_MS,
    `Kafka connection "${connector.config.id}"`,
  ).catch((e: unknown) => {
    void created.disconnect().catch(() => undefined);
    if (e instanceof UnreachableError) throw e;
    throw new UnreachableError(`Kafka connection "${connector.config.id}" is unreachable: ${describeBrokerError(e)}`);
  });
}

/** The connection's shared low-level cluster client, connected; reconnects on the next call after a failure. */
export function rawCluster(connector: KafkaConnector): Promise<RawCluster> {
  let cluster = clusters.get(connector);
  if (!cluster) {
    cluster = connectRawCluster(connector).catch((e: unknown) => {
      clusters.delete(connector);
      throw e;
    });
    clusters.set(connector, cluster);
    if (!closeHooked.has(connector)) {
      closeHooked.add(connector);
      connector.onClose(() => dropRawCluster(connector));
    }
  }
  return cluster;
}

export async function dropRawCluster(connector: KafkaConnector): Promise<void> {
  const cluster = clusters.get(connector);
  clusters.delete(connector);
  await cluster?.then((c) => c.disconnect()).catch(() => undefined);
}

/** Runs `fn` on the cluster under a timeout; a connection failure drops the cluster so the next call reconnects. */
export async function withCluster<T>(connector: KafkaConnector, what: string, fn: (c: RawCluster) => Promise<T>, timeoutMs = BROKER_CALL_TIMEOUT_MS): Promise<T> {
  const cluster = await rawCluster(connector);
  try {
    return await withTimeout(fn(cluster), timeoutMs, `Kafka connection "${connector.config.id}" (${what})`);
  } catch (e) {
    const name = (e as { name?: string })?.name ?? '';
    if (/Connection|NumberOfRetriesExceeded|BrokerNotFound/.test(name)) {
      void dropRawCluster(connector);
      throw new UnreachableError(`Kafka connection "${connector.config.id}" is unreachable: ${describeBrokerError(e)}`);
    }
    throw e;
  }
}

const METADATA_API_KEY = 3;

/**
 * Metadata of every topic (or the named ones) from any broker, with Metadata v5+ fields. kafkajs's
 * own parse throws for the whole answer when one partition has no leader, which is exactly when a
 * user needs to see the cluster; this keeps the per-topic and per-partition error codes instead.
 */
function lenientMetadata(broker: RawBroker, topics: string[]): Promise<RawMetadata> {
  const { request, response, requestTimeout } = broker.lookupRequest(METADATA_API_KEY, metadataDefinition)({ topics, allowAutoTopicCreation: false });
  return broker.connectionPool.send<RawMetadata>({
    request,
    response: { decode: response.decode as (raw: Buffer) => Promise<RawMetadata>, parse: async (data) => data },
    requestTimeout,
  });
}

export async function clusterMetadata(cluster: RawCluster, topics: string[] = []): Promise<RawMetadata> {
  const broker = await cluster.brokerPool.findConnectedBroker();
  return broker.metadata(topics);
}

/** Any connected broker, for requests every broker can answer (KRaft forwards config changes to the controller). */
export function anyBroker(cluster: RawCluster): Promise<RawBroker> {
  return cluster.brokerPool.findConnectedBroker();
}
