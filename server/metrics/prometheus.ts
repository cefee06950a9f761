import 'server-only';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { LagStatus } from '@/lib/contracts/groups';
import { runningSamplers, startAllSamplers } from '../sampler/registry';
import type { Sampler } from '../sampler/sampler';

/** Per-partition lag multiplies series by partitions; opt in with WHARF_PROMETHEUS_PARTITION_LAG=true. */
const partitionSeries = () => process.env.WHARF_PROMETHEUS_PARTITION_LAG === 'true';

/** Lag status as a number, so one alert rule (>= 2) catches every ERR; UNKNOWN exports no sample. */
export const STATUS_VALUE: Record<string, number> = { OK: 0, WARN: 1, STOP: 2, STALL: 3, REWIND: 4 };
export function statusValue(s: LagStatus): number | null {
  if (s.status === 'UNKNOWN') return null;
  return s.status === 'ERR' ? STATUS_VALUE[s.reason ?? 'STOP'] : STATUS_VALUE[s.status];
}

type Metrics = { registry: Registry; observed: WeakSet<Sampler>; duration: Histogram; errors: Counter; requests: Counter; refresh: () => void };

function build(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'wharf_' });
  const gauge = (name: string, help: string, labelNames: string[]) => new Gauge({ name, help, labelNames, registers: [registry] });

  const groupLag = gauge('wharf_consumer_group_lag', 'Messages behind per group and topic (partitions without a commit are left out)', ['connection', 'group', 'topic']);
  const groupTotal = gauge('wharf_consumer_group_total_lag', 'Messages behind per group', ['connection', 'group']);
  const partLag = gauge('wharf_consumer_group_partition_lag', 'Messages behind per partition (only with WHARF_PROMETHEUS_PARTITION_LAG=true)', ['connection', 'group', 'topic', 'partition']);
  const drain = gauge('wharf_consumer_group_time_to_drain_seconds', 'Estimated seconds until lag reaches zero; absent while lag is not falling', ['connection', 'group']);
  const status = gauge('wharf_consumer_group_lag_status', 'Lag status: 0 OK, 1 WARN, 2 ERR STOP, 3 ERR STALL, 4 ERR REWIND', ['connection', 'group']);
  const consumeRate = gauge('wharf_consumer_group_consume_rate', 'Committed messages per second', ['connection', 'group']);
  const members = gauge('wharf_consumer_group_members', 'Active members', ['connection', 'group']);
  const info = gauge('wharf_consumer_group_info', 'Always 1: the group type (classic, or consumer for KIP-848) and its state as the broker names it', ['connection', 'group', 'type', 'state']);
  const produceRate = gauge('wharf_topic_produce_rate', 'Messages produced per second', ['connection', 'topic']);
  const queueGauges = {
    ready: gauge('wharf_queue_messages_ready', 'Messages ready for delivery', ['connection', 'vhost', 'queue']),
    unacked: gauge('wharf_queue_messages_unacked', 'Messages delivered and not yet acknowledged', ['connection', 'vhost', 'queue']),
    consumers: gauge('wharf_queue_consumers', 'Consumers', ['connection', 'vhost', 'queue']),
    publishRate: gauge('wharf_queue_publish_rate', 'Messages published per second', ['connection', 'vhost', 'queue']),
    deliverRate: gauge('wharf_queue_deliver_rate', 'Messages delivered per second', ['connection', 'vhost', 'queue']),
    ackRate: gauge('wharf_queue_ack_rate', 'Messages acknowledged per second', ['connection', 'vhost', 'queue']),
  };
  const up = gauge('wharf_sampler_up', '1 when the last sampler tick succeeded', ['connection']);
  const duration = new Histogram({
    name: 'wharf_sampler_tick_duration_seconds',
    help: 'Duration of one sampler tick',
    labelNames: ['connection'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [registry],
  });
  const errors = new Counter({ name: 'wharf_sampler_errors_total', help: 'Failed sampler ticks', labelNames: ['connection'], registers: [registry] });
  const requests = new Counter({ name: 'wharf_sampler_broker_requests_total', help: 'Broker requests made by the sampler', labelNames: ['connection'], registers: [registry] });

  // Figures are read from the samplers at scrape time, so a scrape never calls a broker.
  const perScrape = [groupLag, groupTotal, partLag, drain, status, consumeRate, members, info, produceRate, up, ...Object.values(queueGauges)];
  const refresh = () => {
    for (const g of perScrape) g.reset();
    for (const s of runningSamplers()) {
      const connection = s.id;
      if (s.lastTick) up.set({ connection }, s.lastTick.error ? 0 : 1);
      for (const g of s.kafka?.groups ?? []) {
        const group = g.groupId;
        if (g.totalLag !== null) groupTotal.set({ connection, group }, g.totalLag);
        const byTopic = new Map<string, number>();
        for (const p of g.partitions) {
          if (p.lag === null) continue;
          byTopic.set(p.topic, (byTopic.get(p.topic) ?? 0) + p.lag);
          if (partitionSeries()) partLag.set({ connection, group, topic: p.topic, partition: String(p.partition) }, p.lag);
        }
        for (const [topic, lag] of byTopic) groupLag.set({ connection, group, topic }, lag);
        if (g.timeToDrainMs !== null) drain.set({ connection, group }, g.timeToDrainMs / 1000);
        const sv = statusValue(g.lagStatus);
        if (sv !== null) status.set({ connection, group }, sv);
        if (g.consumeRate !== null) consumeRate.set({ connection, group }, g.consumeRate);
        members.set({ connection, group }, g.members);
        info.set({ connection, group, type: g.type, state: g.state }, 1);
      }
      for (const t of s.kafka?.topics ?? []) if (t.produceRate !== null) produceRate.set({ connection, topic: t.topic }, t.produceRate);
      for (const q of s.rabbitmq?.queues ?? []) {
        const labels = { connection, vhost: q.vhost, queue: q.name };
        for (const key of Object.keys(queueGauges) as Array<keyof typeof queueGauges>) {
          const v = q[key];
          if (v !== null) queueGauges[key].set(labels, v);
        }
      }
    }
  };
  return { registry, observed: new WeakSet(), duration, errors, requests, refresh };
}

const KEY = Symbol.for('wharf.prometheus');
type GlobalWithMetrics = typeof globalThis & { [KEY]?: Metrics };

function metrics(): Metrics {
  const g = globalThis as GlobalWithMetrics;
  g[KEY] ??= build();
  return g[KEY];
}

/** The Prometheus text for GET /metrics; starts every connection's sampler on first scrape. */
export async function scrape(): Promise<{ body: string; contentType: string }> {
  const m = metrics();
  await startAllSamplers();
  for (const s of runningSamplers()) {
    if (m.observed.has(s)) continue;
    m.observed.add(s);
    s.observe((tick) => {
      m.duration.observe({ connection: tick.connection }, tick.durationMs / 1000);
      m.requests.inc({ connection: tick.connection }, tick.brokerRequests);
      if (tick.error) m.errors.inc({ connection: tick.connection });
    });
  }
  // Before serializing, not from a metric's collect(): prom-client reads the gauges registered before that metric
  // first, so they would show the previous scrape's figures.
  m.refresh();
  return { body: await m.registry.metrics(), contentType: m.registry.contentType };
}
