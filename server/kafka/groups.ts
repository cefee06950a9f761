import 'server-only';
import type { GroupDetail, GroupList, GroupSummary } from '@/lib/contracts/groups';
import { getConnectorOf } from '../connections/registry';
import { NotFoundError, UnreachableError } from '../http/errors';
import type { DerivedGroup } from '../sampler/kafka-derive';
import { getSampler } from '../sampler/registry';
import type { Sampler } from '../sampler/sampler';

const STALE_AFTER_TICKS = 3;

function toSummary(g: DerivedGroup): GroupSummary {
  const { memberList: _m, partitions: _p, ...summary } = g;
  return summary;
}

/** Groups come from the shared sampler's latest tick: any number of viewers cost the broker nothing more. */
async function sampled(id: string): Promise<{ sampler: Sampler; groups: DerivedGroup[]; ts: number }> {
  getConnectorOf(id, 'kafka');
  const sampler = await getSampler(id);
  const error = sampler.lastTick?.error;
  // One failed tick (a topic deleted mid-read, a slow broker) should not blank every page: the last good sample
  // is served, with its time, until it is older than a few intervals.
  const stale = !sampler.kafka || Date.now() - sampler.kafka.ts > STALE_AFTER_TICKS * sampler.intervalMs;
  if (!sampler.kafka || (error && stale)) throw new UnreachableError(error ?? `Kafka connection "${id}" has not been sampled yet`);
  return { sampler, groups: sampler.kafka.groups, ts: sampler.kafka.ts };
}

export async function listGroups(id: string): Promise<GroupList> {
  const { groups, ts } = await sampled(id);
  return { sampledAt: new Date(ts).toISOString(), groups: groups.map(toSummary) };
}

export async function getGroup(id: string, groupId: string): Promise<GroupDetail> {
  const { groups, ts } = await sampled(id);
  const group = groups.find((g) => g.groupId === groupId);
  if (!group) throw new NotFoundError(`No consumer group "${groupId}" on "${id}"`);
  return { ...group, sampledAt: new Date(ts).toISOString() };
}

/** After a change (reset, delete), take a fresh sample so pages show it without waiting for the next tick. */
export async function resample(id: string): Promise<void> {
  const sampler = await getSampler(id);
  await sampler.tick();
}
