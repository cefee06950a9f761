import 'server-only';
import type { TopicRow } from '@/lib/contracts/kafka';
import { getConnectorOf } from '../connections/registry';
import { ApiError } from '../http/errors';
import { describeBrokerError } from '../connections/broker-error';
import { logger } from '../logger';
import type { KafkaConnector } from './connector';
import { describeLogDirsV1, describeLogDirsV2, describeLogDirsV3, describeLogDirsV4 } from '@platformatic/kafka';
import { clusterMetadata, EARLIEST, LATEST, listOffsets, tpKey, withCluster, type PartitionRef } from './cluster';

export type PartitionState = {
  partition: number;
  leader: number | null;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
  low: number | null;
  high: number | null;
  /** Bytes of this partition summed over its replicas; null when no broker reported it. */
  sizeBytes: number | null;
};

/** A topic row as the snapshot knows it; consumer groups and lag come from the lag sampler at request time. */
export type SnapshotTopicRow = Omit<TopicRow, 'groups' | 'lag' | 'consumerGroups'>;

export type TopicState = { name: string; internal: boolean; partitions: PartitionState[]; row: SnapshotTopicRow };

export type ClusterSnapshot = {
  takenAt: number;
  clusterId: string | null;
  controllerId: number | null;
  brokers: { id: number; host: string; port: number; rack: string | null; sizeBytes: number | null }[];
  topics: Map<string, TopicState>;
};

/** A snapshot older than this is refreshed in the background while still served. */
export const SNAPSHOT_REFRESH_MS = 10_000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref?.());

/** How long a request served a stale snapshot waits for the refresh it started before taking the old one. */
const STALE_WAIT_MS = 1500;
/** A snapshot of 5,000 topics takes a few seconds; cold requests wait for it up to this. */
const SNAPSHOT_TIMEOUT_MS = 30_000;

type Entry = { snapshot: ClusterSnapshot | null; inFlight: Promise<ClusterSnapshot> | null; error: string | null };
const KEY = Symbol.for('wharf.kafka.snapshots');
type GlobalWithSnapshots = typeof globalThis & { [KEY]?: Map<string, Entry> };

function entries(): Map<string, Entry> {
  const g = globalThis as GlobalWithSnapshots;
  g[KEY] ??= new Map();
  return g[KEY];
}

/** Log dir sizes per broker: "topic\0partition" -> bytes summed over replicas; null if the broker refused. */
const DESCRIBE_LOG_DIRS = [describeLogDirsV4.api, describeLogDirsV3.api, describeLogDirsV2.api, describeLogDirsV1.api];

async function logDirSizes(cluster: KafkaConnector, brokerIds: number[]): Promise<{ perPartition: Map<string, number>; perBroker: Map<number, number | null> }> {
  const perPartition = new Map<string, number>();
  const perBroker = new Map<number, number | null>();
  await Promise.all(
    brokerIds.map(async (id) => {
      try {
        // Every partition the broker holds (topics = null), from each broker: sizes are per replica.
        const { results } = await cluster.send(id, DESCRIBE_LOG_DIRS, null);
        let total = 0;
        for (const dir of results) {
          if (dir.errorCode !== 0) continue;
          for (const t of dir.topics) {
            for (const p of t.partitions) {
              // A future replica is a copy in flight between dirs; counting it would double the size.
              if (p.isFutureKey) continue;
              const k = tpKey(t.name, p.partitionIndex);
              const size = Number(p.partitionSize);
              perPartition.set(k, (perPartition.get(k) ?? 0) + size);
              total += size;
            }
          }
        }
        perBroker.set(id, total);
      } catch (e) {
        logger.debug({ broker: id, reason: describeBrokerError(e) }, 'DescribeLogDirs refused; sizes unknown');
        perBroker.set(id, null);
      }
    }),
  );
  return { perPartition, perBroker };
}

function toRow(name: string, internal: boolean, partitions: PartitionState[]): SnapshotTopicRow {
  const known = partitions.every((p) => p.low !== null && p.high !== null);
  const sized = partitions.length > 0 && partitions.every((p) => p.sizeBytes !== null);
  return {
    name,
    internal,
    partitions: partitions.length,
    replicationFactor: partitions.reduce((m, p) => Math.max(m, p.replicas.length), 0),
    messages: known ? partitions.reduce((n, p) => n + ((p.high ?? 0) - (p.low ?? 0)), 0) : null,
    sizeBytes: sized ? partitions.reduce((n, p) => n + (p.sizeBytes ?? 0), 0) : null,
    underReplicated: partitions.filter((p) => p.isr.length < p.replicas.length).length,
    offline: partitions.filter((p) => p.leader === null).length,
  };
}

export async function takeSnapshot(connector: KafkaConnector): Promise<ClusterSnapshot> {
  return withCluster(
    connector,
    'cluster snapshot',
    async (cluster) => {
      const meta = await clusterMetadata(cluster);
      const refs: PartitionRef[] = [];
      for (const t of meta.topicMetadata) {
        if (t.topicErrorCode !== 0) continue;
        for (const p of t.partitionMetadata) refs.push({ topic: t.topic, partition: p.partitionId, leader: p.leader });
      }
      const [low, high, sizes] = await Promise.all([
        listOffsets(cluster, refs, EARLIEST),
        listOffsets(cluster, refs, LATEST),
        logDirSizes(cluster, meta.brokers.map((b) => b.nodeId)),
      ]);
      const topics = new Map<string, TopicState>();
      for (const t of meta.topicMetadata) {
        if (t.topicErrorCode !== 0) continue;
        const partitions = t.partitionMetadata
          .map((p): PartitionState => {
            const k = tpKey(t.topic, p.partitionId);
            const anySized = p.replicas.some((r) => (sizes.perBroker.get(r) ?? null) !== null);
            return {
              partition: p.partitionId,
              leader: p.leader >= 0 ? p.leader : null,
              replicas: p.replicas,
              isr: p.isr,
              offlineReplicas: p.offlineReplicas,
              low: low.get(k) ?? null,
              high: high.get(k) ?? null,
              sizeBytes: anySized ? (sizes.perPartition.get(k) ?? 0) : null,
            };
          })
          .sort((a, b) => a.partition - b.partition);
        const internal = t.isInternal;
        topics.set(t.topic, { name: t.topic, internal, partitions, row: toRow(t.topic, internal, partitions) });
      }
      return {
        takenAt: Date.now(),
        clusterId: meta.clusterId,
        controllerId: meta.controllerId >= 0 ? meta.controllerId : null,
        brokers: meta.brokers
          .map((b) => ({ id: b.nodeId, host: b.host, port: b.port, rack: b.rack, sizeBytes: sizes.perBroker.get(b.nodeId) ?? null }))
          .sort((a, b) => a.id - b.id),
        topics,
      };
    },
    SNAPSHOT_TIMEOUT_MS,
  );
}

/** Starts (or joins) a refresh of the connection's snapshot; every viewer shares the one in flight. */
export function refreshSnapshot(id: string): Promise<ClusterSnapshot> {
  const map = entries();
  let e = map.get(id);
  if (!e) {
    e = { snapshot: null, inFlight: null, error: null };
    map.set(id, e);
  }
  const entry = e;
  entry.inFlight ??= takeSnapshot(getConnectorOf(id, 'kafka'))
    .then((snapshot) => {
      entry.snapshot = snapshot;
      entry.error = null;
      return snapshot;
    })
    .catch((err: unknown) => {
      entry.error = err instanceof ApiError ? err.message : describeBrokerError(err);
      throw err;
    })
    .finally(() => {
      entry.inFlight = null;
    });
  return entry.inFlight;
}

/**
 * The connection's cluster snapshot: served from memory, refreshed in the background once older than
 * SNAPSHOT_REFRESH_MS. Only the first request (or one after a failed refresh with nothing cached) waits.
 */
export async function getSnapshot(id: string): Promise<{ snapshot: ClusterSnapshot; staleReason: string | null }> {
  getConnectorOf(id, 'kafka');
  const e = entries().get(id);
  if (e?.snapshot) {
    if (Date.now() - e.snapshot.takenAt <= SNAPSHOT_REFRESH_MS) return { snapshot: e.snapshot, staleReason: e.error };
    const refresh = e.inFlight ?? refreshSnapshot(id);
    refresh.catch((err: unknown) => logger.warn({ connection: id, reason: describeBrokerError(err) }, 'background snapshot refresh failed'));
    // A refresh usually takes well under a second: wait that long for it, so a poll sees what changed since the last
    // one instead of one poll later; a big or slow cluster is served the old snapshot meanwhile.
    const fresh = await Promise.race([refresh.catch(() => null), sleep(STALE_WAIT_MS).then(() => null)]);
    return fresh ? { snapshot: fresh, staleReason: null } : { snapshot: e.snapshot, staleReason: e.error };
  }
  return { snapshot: await refreshSnapshot(id), staleReason: null };
}

/** After a change made through Wharf: wait for a fresh snapshot so the next list shows it. Failures are only logged. */
export async function refreshAfterChange(id: string): Promise<void> {
  const e = entries().get(id);
  if (e?.inFlight) await e.inFlight.catch(() => undefined);
  await refreshSnapshot(id).catch((err: unknown) => logger.debug({ connection: id, reason: describeBrokerError(err) }, 'snapshot refresh after change failed'));
}
