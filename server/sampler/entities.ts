import { partitionLagMetric, queueEntityId, type LiveTick } from '@/lib/contracts/metrics';
import type { Sample } from '../store/history';
import type { KafkaDerived } from './kafka-derive';
import type { RabbitmqRaw, RawQueue } from './rabbitmq-collect';

export type Entity = LiveTick['entities'][number];

const STATUS_CODE = { UNKNOWN: null, OK: 0, WARN: 1, ERR: 2 } as const;

function sumKnown(values: Array<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
}

/** The figures of one Kafka tick, per entity, as charted and stored. */
export function kafkaEntities(d: KafkaDerived): Entity[] {
  const out: Entity[] = [];
  for (const g of d.groups) {
    const metrics: Record<string, number | null> = {
      lag: g.totalLag,
      consumeRate: g.consumeRate,
      timeToDrainMs: g.timeToDrainMs,
      members: g.members,
      lagStatus: STATUS_CODE[g.lagStatus.status],
    };
    for (const p of g.partitions) metrics[partitionLagMetric(p.topic, p.partition)] = p.lag;
    out.push({ kind: 'group', id: g.groupId, metrics });
  }
  for (const t of d.topics) out.push({ kind: 'topic', id: t.topic, metrics: { produceRate: t.produceRate, messages: t.messages } });
  addTopicLag(out, d);
  out.push({
    kind: 'connection',
    id: '*',
    metrics: { lag: sumKnown(d.groups.map((g) => g.totalLag)), produceRate: sumKnown(d.topics.map((t) => t.produceRate)) },
  });
  return out;
}

/** Adds `lag` to every topic entity: the sum over groups of their lag on it; null (not stored) when none has a commit. */
function addTopicLag(out: Entity[], d: KafkaDerived): void {
  const lag = new Map<string, number>();
  for (const g of d.groups) for (const p of g.partitions) if (p.lag !== null) lag.set(p.topic, (lag.get(p.topic) ?? 0) + p.lag);
  for (const e of out) if (e.kind === 'topic') e.metrics.lag = lag.get(e.id) ?? null;
}

export function rabbitmqEntities(r: RabbitmqRaw): Entity[] {
  const out: Entity[] = r.queues.map((q) => ({
    kind: 'queue' as const,
    id: queueEntityId(q.vhost, q.name),
    metrics: { ready: q.ready, unacked: q.unacked, consumers: q.consumers, publishRate: q.publishRate, deliverRate: q.deliverRate, ackRate: q.ackRate },
  }));
  for (const n of r.nodes) {
    out.push({
      kind: 'node',
      id: n.name,
      metrics: {
        memUsed: n.memUsed,
        memLimit: n.memLimit,
        diskFree: n.diskFree,
        diskFreeLimit: n.diskFreeLimit,
        fdUsed: n.fdUsed,
        fdTotal: n.fdTotal,
        socketsUsed: n.socketsUsed,
        procUsed: n.procUsed,
        runQueue: n.runQueue,
      },
    });
  }
  // Sums over the queues the sampler read: "into queues", so a message fanned out to three queues counts three
  // times, unlike the broker-wide publish rate of /api/overview. A broker without queues holds nothing: 0, not unknown.
  const total = (pick: (q: RawQueue) => number | null) => (r.queues.length ? sumKnown(r.queues.map(pick)) : 0);
  out.push({
    kind: 'connection',
    id: '*',
    metrics: {
      ready: total((q) => q.ready),
      unacked: total((q) => q.unacked),
      publishRate: total((q) => q.publishRate),
      deliverRate: total((q) => q.deliverRate),
      ackRate: total((q) => q.ackRate),
    },
  });
  return out;
}

/** Unknown figures are not stored: a gap in the chart, never a fake zero. */
export function toSamples(ts: number, entities: Entity[]): Sample[] {
  const out: Sample[] = [];
  for (const e of entities) {
    for (const [metric, value] of Object.entries(e.metrics)) {
      if (value !== null && Number.isFinite(value)) out.push({ entityKind: e.kind, entityId: e.id, metric, ts, value });
    }
  }
  return out;
}
