import 'server-only';
import { AssignerProtocol, type Admin, type GroupDescription } from 'kafkajs';
import type { KafkaConnector } from '../kafka/connector';
import { OwnAdmin } from '../kafka/groups-admin';
import { EARLIEST, LATEST, listOffsets, tpKey, type RequestCounter } from '../kafka/offsets';
import { connectRawCluster, type RawCluster } from '../kafka/raw-cluster';
import { BROKER_CALL_TIMEOUT_MS, withTimeout } from '../http/timeout';
import { chunk, mapLimit } from '../util/concurrency';
import type { KafkaRaw, PartitionOffsets, RawGroup, RawMember } from './kafka-types';

/** Calls in flight per tick; enough to hide round trips, few enough not to crowd a small cluster. */
const CONCURRENCY = 8;
/** DescribeGroups is sent per coordinator with this many groups in one request. */
const DESCRIBE_BATCH = 200;

/**
 * Reads one Kafka tick through an admin client of its own, so every broker request it makes is counted
 * exactly (kafkajs reports each request as an instrumentation event) and viewers never add any.
 */
export class KafkaCollector {
  private readonly admin: OwnAdmin;
  private readonly offsetRequests: RequestCounter = { requests: 0 };
  private cluster: Promise<RawCluster> | null = null;

  constructor(private readonly connector: KafkaConnector) {
    this.admin = new OwnAdmin(connector);
  }

  /** Broker requests made since the collector was created. */
  get requests(): number {
    return this.admin.requests + this.offsetRequests.requests;
  }

  async collect(): Promise<KafkaRaw> {
    return this.read();
  }

  private async read(): Promise<KafkaRaw> {
    const call = <T>(what: string, fn: (a: Admin) => Promise<T>) => this.admin.call(what, fn);
    const [metadata, listed] = await Promise.all([
      call('topic metadata', (a) => a.fetchTopicMetadata()),
      call('list groups', (a) => a.listGroups()),
    ]);
    const ts = Date.now();
    // Internal topics (__consumer_offsets, ...) would only add noise and requests.
    const listedTopics = metadata.topics.filter((t) => !t.name.startsWith('__'));
    const refs = listedTopics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionId, leader: p.leader })));
    // Start and end offsets of every partition in one ListOffsets request per leader (and 2,000 partitions),
    // not two per topic: the tick's cost follows the number of brokers, not of topics.
    const [starts, ends] = await this.withOwnCluster((c) => Promise.all([listOffsets(c, refs, EARLIEST, this.offsetRequests), listOffsets(c, refs, LATEST, this.offsetRequests)]));
    const topics = new Map<string, PartitionOffsets[]>();
    for (const t of listedTopics) {
      const parts: PartitionOffsets[] = [];
      for (const p of t.partitions) {
        const low = starts.get(tpKey(t.name, p.partitionId));
        const high = ends.get(tpKey(t.name, p.partitionId));
        if (low !== undefined && high !== undefined) parts.push({ partition: p.partitionId, low, high });
      }
      // A partition without a leader (or deleted since the metadata read) has no offsets: the topic is left out of
      // this tick, unknown rather than counted short.
      if (parts.length === t.partitions.length && parts.length > 0) topics.set(t.name, parts.sort((x, y) => x.partition - y.partition));
    }

    const groupIds = listed.groups.map((g) => g.groupId).sort();
    const described = (
      await mapLimit(chunk(groupIds, DESCRIBE_BATCH), 2, (ids) => call('describe groups', (a) => a.describeGroups(ids)).then((r) => r.groups))
    ).flat();
    const descriptions = new Map(described.map((d) => [d.groupId, d]));
    const groups = await mapLimit(groupIds, CONCURRENCY, async (groupId): Promise<RawGroup> => {
      const committed = await call(`offsets of group ${groupId}`, (a) => a.fetchOffsets({ groupId }));
      const d = descriptions.get(groupId);
      return {
        groupId,
        state: d?.state ?? 'Unknown',
        protocolType: d?.protocolType ?? listed.groups.find((g) => g.groupId === groupId)?.protocolType ?? '',
        protocol: d?.protocol ?? '',
        members: d ? members(d) : [],
        committed: committed.flatMap((t) =>
          t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, offset: Number(p.offset) < 0 ? null : Number(p.offset) })),
        ),
      };
    });
    return { ts, topics, groups };
  }

  /** ListOffsets on a cluster client of the collector's own; a failed call drops it, and the next tick reconnects. */
  private async withOwnCluster<T>(fn: (c: RawCluster) => Promise<T>): Promise<T> {
    const cluster = (this.cluster ??= connectRawCluster(this.connector));
    try {
      return await withTimeout(fn(await cluster), BROKER_CALL_TIMEOUT_MS, `Kafka connection "${this.connector.config.id}" (partition offsets)`);
    } catch (e) {
      if (this.cluster === cluster) this.cluster = null;
      // Closed later, not now: a call cut off by the timeout may still be running on it.
      setTimeout(() => void cluster.then((c) => c.disconnect()).catch(() => undefined), 35_000).unref();
      throw e;
    }
  }

  async close(): Promise<void> {
    const cluster = this.cluster;
    this.cluster = null;
    await Promise.all([this.admin.close(), cluster?.then((c) => c.disconnect()).catch(() => undefined)]);
  }
}

/** Members with their assignment; non-consumer protocols (e.g. Connect) carry assignments we cannot decode. */
export function members(d: GroupDescription): RawMember[] {
  return d.members.map((m) => {
    let assignments: RawMember['assignments'] = [];
    if (d.protocolType === 'consumer' && m.memberAssignment?.length) {
      try {
        const decoded = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
        assignments = Object.entries(decoded?.assignment ?? {}).map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }));
      } catch {
        // A client with a custom assignment format: show the member without partitions rather than fail the tick.
        assignments = [];
      }
    }
    return { memberId: m.memberId, clientId: m.clientId, clientHost: m.clientHost.replace(/^\//, ''), assignments };
  });
}
