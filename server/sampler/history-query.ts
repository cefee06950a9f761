import 'server-only';
import { RANGE_MS, RANGE_STEP_MS, type EntityKind, type MetricsHistory, type MetricsRange } from '@/lib/contracts/metrics';
import { getConnector } from '../connections/registry';
import { getStore } from '../store/store';
import { getSampler } from './registry';

/** History of one entity over a range; asking for it starts the connection's sampler if it is not running yet. */
export async function getHistory(id: string, q: { kind: EntityKind; entity: string; range: MetricsRange; prefix?: string }): Promise<MetricsHistory> {
  getConnector(id);
  await getSampler(id);
  const to = Date.now();
  const from = to - RANGE_MS[q.range];
  const stepMs = RANGE_STEP_MS[q.range];
  const { history } = await getStore();
  const series = await history.query({ connection: id, entityKind: q.kind, entityId: q.entity, from, to, stepMs, metricPrefix: q.prefix });
  return { kind: q.kind, entity: q.entity, range: q.range, stepMs, from, to, series };
}
