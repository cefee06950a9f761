import 'server-only';
import type { PurgePlan, PurgeRequest, PurgeResult } from '@/lib/contracts/purge';
import { getConnectorOf } from '../connections/registry';
import { ConfigResourceTypes } from '@platformatic/kafka';
import { BadRequestError, NotFoundError, UnavailableError } from '../http/errors';
import { assertWritable, errorForCode, toApiError } from './admin-errors';
import { clusterMetadata, EARLIEST, LATEST } from './cluster';
import type { KafkaConnector } from './connector';

const UNKNOWN_TOPIC = 3;

type Watermark = { partition: number; low: number; high: number };

/**
 * Offsets of the topic's partitions at `timestamp` (EARLIEST, LATEST or a time), through the Admin: strict, any
 * partition the broker would not answer for fails the whole (a purge is planned on exact figures only). -1 at a
 * time means no record at or after it.
 */
async function offsetsAt(c: KafkaConnector, topic: string, partitions: number[], timestamp: bigint): Promise<Map<number, number>> {
  const listed = await c.call(`offsets of ${topic}`, (a) => a.listOffsets({ topics: [{ name: topic, partitions: partitions.map((partitionIndex) => ({ partitionIndex, timestamp })) }] }));
  return new Map((listed.find((t) => t.name === topic)?.partitions ?? []).map((p) => [p.partitionIndex, Number(p.offset)]));
}

async function watermarks(c: KafkaConnector, topic: string): Promise<Watermark[]> {
  try {
    const t = (await c.run(`metadata of ${topic}`, (k) => clusterMetadata(k, [topic]))).topicMetadata.find((x) => x.topic === topic);
    if (!t || t.topicErrorCode === UNKNOWN_TOPIC) throw new NotFoundError(`Topic "${topic}" does not exist on "${c.config.id}"`);
    if (t.topicErrorCode !== 0) throw errorForCode(t.topicErrorCode, null, `Topic "${topic}" on "${c.config.id}"`);
    const all = t.partitionMetadata.map((p) => p.partitionId).sort((a, b) => a - b);
    const [low, high] = await Promise.all([offsetsAt(c, topic, all, BigInt(EARLIEST)), offsetsAt(c, topic, all, BigInt(LATEST))]);
    return all.map((partition) => {
      const l = low.get(partition);
      const h = high.get(partition);
      if (l === undefined || h === undefined) throw new UnavailableError(`Partition ${partition} of "${topic}" on "${c.config.id}" did not answer with its offsets; try again`);
      return { partition, low: l, high: h };
    });
  } catch (e) {
    throw toApiError(e, `Topic "${topic}" on "${c.config.id}"`);
  }
}

async function cleanupPolicy(c: KafkaConnector, topic: string): Promise<string | null> {
  const res = await c.call('topic config', (a) =>
    a.describeConfigs({ resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic, configurationKeys: ['cleanup.policy'] }], includeSynonyms: false }),
  );
  return res[0]?.configs.find((e) => e.name === 'cleanup.policy')?.value ?? null;
}

/** Consumer groups (classic and KIP-848) listed by the cluster; brokers before ListGroups v5 cannot filter by type. */
async function consumerGroupIds(c: KafkaConnector): Promise<string[]> {
  const groups = await c.call('list groups', (a) => a.listGroups({ types: ['classic', 'consumer'] }).catch(() => a.listGroups()));
  return [...groups.keys()].sort();
}

/** Groups with a commit on `topic` below the planned new start of that partition: one OffsetFetch per coordinator. */
async function groupsBehind(c: KafkaConnector, topic: string, newLow: Map<number, number>): Promise<PurgePlan['groupsBehind']> {
  const ids = await consumerGroupIds(c);
  if (!ids.length) return [];
  const partitionIndexes = [...newLow.keys()];
  const offsets = await c.call('group offsets', (a) => a.listConsumerGroupOffsets({ groups: ids.map((groupId) => ({ groupId, topics: [{ name: topic, partitionIndexes }] })) }), 15_000);
  const found: PurgePlan['groupsBehind'] = [];
  for (const g of offsets) {
    const behind = (g.topics.find((t) => t.name === topic)?.partitions ?? [])
      .map((p) => ({ partition: p.partitionIndex, committed: Number(p.committedOffset) }))
      .filter((p) => p.committed >= 0 && p.committed < (newLow.get(p.partition) ?? 0))
      .sort((a, b) => a.partition - b.partition);
    if (behind.length) found.push({ groupId: g.groupId, partitions: behind });
  }
  return found.sort((a, b) => a.groupId.localeCompare(b.groupId));
}

export async function planPurge(id: string, topic: string, req: PurgeRequest): Promise<PurgePlan> {
  const c = getConnectorOf(id, 'kafka');
  const all = await watermarks(c, topic);
  const known = new Set(all.map((p) => p.partition));
  const missing = (req.partitions ?? []).filter((p) => !known.has(p));
  if (missing.length) throw new BadRequestError(`Topic "${topic}" has no partition ${missing.join(', ')} (it has ${all.length})`);
  const chosen = req.partitions ? all.filter((p) => req.partitions!.includes(p.partition)) : all;

  let byTimestamp = new Map<number, number>();
  if (typeof req.upTo === 'object' && 'timestamp' in req.upTo) {
    // -1: no record at or after the time, so everything before "now" goes.
    const ts = BigInt(req.upTo.timestamp);
    byTimestamp = await offsetsAt(c, topic, chosen.map((p) => p.partition), ts).catch((e: unknown) => {
      throw toApiError(e, `Offsets by time of "${topic}" on "${id}"`);
    });
  }
  const partitions = chosen.map((p) => {
    let target = p.high;
    if (typeof req.upTo === 'object' && 'offset' in req.upTo) target = req.upTo.offset;
    if (typeof req.upTo === 'object' && 'timestamp' in req.upTo) {
      const at = byTimestamp.get(p.partition);
      if (at === undefined) throw new UnavailableError(`Partition ${p.partition} of "${topic}" did not answer with an offset for that time; try again`);
      target = at < 0 ? p.high : at;
    }
    const newLow = Math.min(Math.max(target, p.low), p.high);
    return { ...p, newLow, toDelete: newLow - p.low };
  });

  const policy = await cleanupPolicy(c, topic);
  const notes: string[] = [];
  if (policy?.includes('compact')) {
    notes.push(
      'This topic is compacted (cleanup.policy includes compact): purge removes every record before the new start, including the latest value of each key; it cannot remove single keys (produce a tombstone for that).',
    );
    if (!policy.includes('delete')) notes.push('Kafka refuses DeleteRecords on topics whose cleanup.policy is only "compact": the apply will fail with the broker\'s reason.');
  }
  if (partitions.every((p) => p.toDelete === 0)) notes.push('Nothing to purge: the chosen partitions already start at that point.');
  const newLow = new Map(partitions.map((p) => [p.partition, p.newLow]));
  return {
    topic,
    cleanupPolicy: policy,
    notes,
    partitions,
    totalToDelete: partitions.reduce((n, p) => n + p.toDelete, 0),
    groupsBehind: await groupsBehind(c, topic, newLow),
  };
}

/** Previews, or applies with DeleteRecords and then checks every partition's new low watermark. */
export async function purgeTopic(id: string, topic: string, req: PurgeRequest): Promise<PurgeResult> {
  const c = getConnectorOf(id, 'kafka');
  if (!req.dryRun) assertWritable(c);
  const plan = await planPurge(id, topic, req);
  if (req.dryRun) return { plan, applied: false, after: null, deleted: null, verified: null };
  if (req.confirm !== topic) throw new BadRequestError(`To purge, type the topic name "${topic}" in confirm`);

  const partitions = plan.partitions.filter((p) => p.toDelete > 0).map((p) => ({ partition: p.partition, offset: BigInt(p.newLow) }));
  if (partitions.length) {
    try {
      await c.call('delete records', (a) => a.deleteRecords({ topics: [{ name: topic, partitions }] }), 15_000);
    } catch (e) {
      throw toApiError(e, `Purging "${topic}" on "${id}"`);
    }
  }
  const now = await watermarks(c, topic);
  const after = plan.partitions.map((p) => ({ partition: p.partition, expected: p.newLow, low: now.find((n) => n.partition === p.partition)?.low ?? -1 }));
  return {
    plan,
    applied: true,
    after,
    deleted: after.reduce((n, a, i) => n + (a.low - plan.partitions[i].low), 0),
    verified: after.every((a) => a.low === a.expected),
  };
}
