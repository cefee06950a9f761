import 'server-only';
import type { PurgePlan, PurgeRequest, PurgeResult } from '@/lib/contracts/purge';
import { getConnectorOf } from '../connections/registry';
import { BadRequestError } from '../http/errors';
import { mapLimit } from '../util/concurrency';
import { assertWritable, toApiError } from './admin-errors';
import type { KafkaConnector } from './connector';

const GROUP_CONCURRENCY = 8;

async function watermarks(c: KafkaConnector, topic: string) {
  try {
    const offsets = await c.call(`offsets of ${topic}`, (a) => a.fetchTopicOffsets(topic));
    return offsets.map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) })).sort((a, b) => a.partition - b.partition);
  } catch (e) {
    throw toApiError(e, `Topic "${topic}" on "${c.config.id}"`);
  }
}

async function cleanupPolicy(c: KafkaConnector, topic: string): Promise<string | null> {
  const res = await c.call('topic config', (a) =>
    a.describeConfigs({ resources: [{ type: 2, name: topic, configNames: ['cleanup.policy'] }], includeSynonyms: false }),
  );
  return res.resources[0]?.configEntries.find((e) => e.configName === 'cleanup.policy')?.configValue ?? null;
}

/** Groups with a commit on `topic` below the planned new start of that partition. */
async function groupsBehind(c: KafkaConnector, topic: string, newLow: Map<number, number>): Promise<PurgePlan['groupsBehind']> {
  const { groups } = await c.call('list groups', (a) => a.listGroups());
  const found = await mapLimit(groups, GROUP_CONCURRENCY, async (g) => {
    const offsets = await c.call('group offsets', (a) => a.fetchOffsets({ groupId: g.groupId, topics: [topic] }));
    const behind = (offsets[0]?.partitions ?? [])
      .map((p) => ({ partition: p.partition, committed: Number(p.offset) }))
      .filter((p) => p.committed >= 0 && p.committed < (newLow.get(p.partition) ?? 0));
    return behind.length ? { groupId: g.groupId, partitions: behind } : null;
  });
  return found.filter((g): g is NonNullable<typeof g> => g !== null).sort((a, b) => a.groupId.localeCompare(b.groupId));
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
    const ts = req.upTo.timestamp;
    const offsets = await c.call('offsets by time', (a) => a.fetchTopicOffsetsByTimestamp(topic, ts));
    // -1: no record at or after the time, so everything before "now" goes.
    byTimestamp = new Map(offsets.map((o) => [o.partition, Number(o.offset)]));
  }
  const partitions = chosen.map((p) => {
    let target = p.high;
    if (typeof req.upTo === 'object' && 'offset' in req.upTo) target = req.upTo.offset;
    if (typeof req.upTo === 'object' && 'timestamp' in req.upTo) {
      const at = byTimestamp.get(p.partition) ?? -1;
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

  const partitions = plan.partitions.filter((p) => p.toDelete > 0).map((p) => ({ partition: p.partition, offset: String(p.newLow) }));
  if (partitions.length) {
    try {
      await c.call('delete records', (a) => a.deleteTopicRecords({ topic, partitions }), 15_000);
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
