import 'server-only';
import type { BrokerList } from '@/lib/contracts/kafka';
import { summarize } from '../connections/registry';
import { getSnapshot } from './snapshot';

/** Brokers with their replica and leader counts, from the connection's cluster snapshot. */
export async function listBrokers(id: string): Promise<BrokerList> {
  const [{ snapshot }, summary] = await Promise.all([getSnapshot(id), summarize(id)]);
  const replicas = new Map<number, number>();
  const leaders = new Map<number, number>();
  for (const t of snapshot.topics.values()) {
    for (const p of t.partitions) {
      for (const r of p.replicas) replicas.set(r, (replicas.get(r) ?? 0) + 1);
      if (p.leader !== null) leaders.set(p.leader, (leaders.get(p.leader) ?? 0) + 1);
    }
  }
  return {
    clusterId: snapshot.clusterId,
    controllerId: snapshot.controllerId,
    version: summary.version,
    snapshotAt: new Date(snapshot.takenAt).toISOString(),
    brokers: snapshot.brokers.map((b) => ({
      id: b.id,
      host: b.host,
      port: b.port,
      rack: b.rack,
      isController: b.id === snapshot.controllerId,
      partitions: replicas.get(b.id) ?? 0,
      leaders: leaders.get(b.id) ?? 0,
      sizeBytes: b.sizeBytes,
    })),
  };
}
