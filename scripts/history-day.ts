// How big the history store gets: a SIMULATED day (or week) of the demo traffic, written through Wharf's real code
// into a fresh PGlite folder in a few minutes instead of waiting a day.
//
//   npm run history-day -- [--days 1] [--dir <folder>] [--keep]
//
// What is real: the Sampler (deriving lag, rates, lag status and time to drain over its window), the entities and
// samples it stores, HistoryStore.write, and HistoryStore.compact run every 10 minutes as the server runs it, all
// on a clock that advances 5 s per tick (the default interval). What is simulated: the brokers. Each tick hands
// the sampler the offsets and queue figures the demo (scripts/demo/*.mjs) would produce: the same topics,
// partitions, groups and queues at the same rates, waves and pauses, with the jitter of real consumers (a group that
// keeps up still trails by what arrived since its last commit; a queue's consumer holds a few unacked messages).
// The store leaves out samples that repeat a series' last value, so the row count depends on how often values
// repeat: --all-change makes every value move every tick (the store then keeps every sample), an upper bound.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { KafkaConnector } from '@/server/kafka/connector';
import type { RabbitmqConnector } from '@/server/rabbitmq/connector';
import type { KafkaRaw, PartitionOffsets, RawGroup } from '@/server/sampler/kafka-types';
import type { RabbitmqRaw, RawQueue } from '@/server/sampler/rabbitmq-collect';
import { COMPACT_EVERY_MS } from '@/server/sampler/registry';
import { Sampler } from '@/server/sampler/sampler';
import { openStore } from '@/server/store/store';

const { values: opts } = parseArgs({
  options: {
    days: { type: 'string', default: '1' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'all-change': { type: 'boolean', default: false },
  },
});
const DAYS = Number(opts.days);
const INTERVAL_MS = 5000;
const DAY_MS = 24 * 3600_000;
/** Midnight UTC, so tier boundaries fall where they would for a server started at midnight. */
const START = Date.UTC(2026, 11, 1);

/** scripts/demo/shape.mjs's wave, on the simulated clock. */
const wave = (low: number, high: number, periodS: number, phase = 0) => (t: number) => low + ((high - low) * (1 + Math.sin(2 * Math.PI * (t / 1000 / periodS + phase)))) / 2;
/** A consumer that stops for forMs every everyMs (fraud-detector, payments.process). */
const pausedAt = (t: number, everyMs: number, forMs: number) => (t - START) % (everyMs + forMs) >= everyMs;

// ---- Kafka, as scripts/demo/kafka-traffic.mjs -------------------------------------------------------------------
type SimTopic = { name: string; partitions: number; rate: (t: number) => number; high: number[]; carry: number };
const topics: SimTopic[] = [
  { name: 'shop.orders', partitions: 6, rate: wave(4, 24, 240) },
  { name: 'shop.payments', partitions: 3, rate: wave(2, 8, 180, 0.3) },
  { name: 'web.clicks', partitions: 12, rate: wave(50, 250, 120) },
  { name: 'inventory.updates', partitions: 3, rate: () => 5 },
  { name: 'shop.orders.dlq', partitions: 1, rate: () => 0.2 },
].map((t) => ({ ...t, high: new Array<number>(t.partitions).fill(0), carry: 0 }));

type SimGroup = { groupId: string; topics: string[]; rate: number; pause?: { everyMs: number; forMs: number }; committed: Map<string, number> };
const groups: SimGroup[] = [
  { groupId: 'billing-service', topics: ['shop.orders'], rate: 12 },
  { groupId: 'analytics', topics: ['web.clicks', 'shop.orders'], rate: 400 },
  { groupId: 'fraud-detector', topics: ['shop.payments'], rate: 20, pause: { everyMs: 150_000, forMs: 45_000 } },
  { groupId: 'search-indexer', topics: ['inventory.updates'], rate: 50 },
].map((g) => ({ ...g, committed: new Map<string, number>() }));

function kafkaTick(t: number): KafkaRaw {
  for (const topic of topics) {
    topic.carry += (topic.rate(t) * INTERVAL_MS) / 1000;
    const n = Math.floor(topic.carry);
    topic.carry -= n;
    // The default partitioner spreads keyed messages about evenly.
    for (let i = 0; i < n; i++) topic.high[Math.floor(Math.random() * topic.partitions)]++;
  }
  const byName = new Map(topics.map((x) => [x.name, x]));
  const raw: RawGroup[] = groups.map((g) => {
    let budget = g.pause && pausedAt(t, g.pause.everyMs, g.pause.forMs) ? 0 : Math.floor((g.rate * INTERVAL_MS) / 1000);
    const parts = g.topics.flatMap((name) => byName.get(name)!.high.map((high, partition) => ({ name, partition, high })));
    // A fair share of the tick's capacity per partition; what one cannot use goes to the next. A consumer that
    // has caught up commits after each batch, so at a sample it trails by part of the last second's messages.
    parts.forEach((p, i) => {
      const key = `${p.name}:${p.partition}`;
      const at = g.committed.get(key) ?? 0;
      const take = Math.min(p.high - at, Math.ceil(budget / (parts.length - i)));
      budget -= take;
      const perSecond = byName.get(p.name)!.rate(t) / byName.get(p.name)!.high.length;
      const trail = at + take === p.high ? Math.floor(Math.random() * Math.min(perSecond, p.high - at)) : 0;
      g.committed.set(key, at + take - trail);
    });
    return {
      groupId: g.groupId,
      state: 'Stable',
      protocolType: 'consumer',
      protocol: 'RoundRobinAssigner',
      members: [{ memberId: `${g.groupId}-1`, clientId: 'wharf-demo', clientHost: '/127.0.0.1', assignments: g.topics.map((name) => ({ topic: name, partitions: byName.get(name)!.high.map((_, i) => i) })) }],
      committed: parts.map((p) => ({ topic: p.name, partition: p.partition, offset: g.committed.get(`${p.name}:${p.partition}`) ?? null })),
    };
  });
  const offsets = new Map<string, PartitionOffsets[]>(topics.map((x) => [x.name, x.high.map((high, partition) => ({ partition, low: 0, high }))]));
  return { ts: t, topics: offsets, groups: raw };
}

// ---- RabbitMQ, as scripts/demo/rabbitmq-traffic.mjs -------------------------------------------------------------
type SimQueue = { name: string; ready: number; consumer?: { rate: number; pause?: { everyMs: number; forMs: number } }; maxLength?: number; in: number; out: number };
const queues: SimQueue[] = [
  { name: 'orders.created', consumer: { rate: 30 } },
  { name: 'orders.created.dlq' },
  { name: 'emails.send', consumer: { rate: 6 }, maxLength: 50_000 },
  { name: 'payments.process', consumer: { rate: 8, pause: { everyMs: 120_000, forMs: 40_000 } } },
  { name: 'audit.stream' },
].map((q) => ({ ...q, ready: 0, in: 0, out: 0 }));
const q = (name: string) => queues.find((x) => x.name === name)!;
const ordersPerS = wave(2, 14, 200);

function rabbitTick(t: number): RabbitmqRaw {
  const secs = INTERVAL_MS / 1000;
  const orders = ordersPerS(t) * secs;
  const payments = orders / 2;
  // order.created goes to orders.created, emails.send (order.*) and audit.stream (#); payment.* to payments.process and audit.stream.
  for (const [name, n] of [['orders.created', orders], ['emails.send', orders], ['payments.process', payments], ['audit.stream', orders + payments]] as const) q(name).in = n;
  q('orders.created.dlq').in = 0;
  for (const x of queues) {
    const c = x.consumer;
    x.ready += x.in;
    x.out = c && !(c.pause && pausedAt(t, c.pause.everyMs, c.pause.forMs)) ? Math.min(x.ready, c.rate * secs) : 0;
    x.ready -= x.out;
    if (x.maxLength) x.ready = Math.min(x.ready, x.maxLength);
  }
  // 3% of orders.created are rejected into the dead-letter exchange.
  const dead = q('orders.created').out * 0.03;
  q('orders.created.dlq').in = dead;
  q('orders.created.dlq').ready += dead;
  const out: RawQueue[] = queues.map((x) => ({
    vhost: '/',
    name: x.name,
    ready: Math.round(x.ready),
    // prefetch 10: the consumer holds up to 10 delivered, unacknowledged messages.
    unacked: x.consumer && x.out > 0 ? Math.min(10, Math.round(x.ready + Math.random() * 2)) : 0,
    consumers: x.consumer ? 1 : 0,
    publishRate: x.in / secs,
    deliverRate: x.out / secs,
    ackRate: x.out / secs,
  }));
  return { ts: t, queues: out, nodes: [], requests: 1 };
}

// ---- the run ----------------------------------------------------------------------------------------------------
function folderBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? folderBytes(p) : statSync(p).size;
  }
  return total;
}
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;

async function report(store: Awaited<ReturnType<typeof openStore>>, dataDir: string, label: string) {
  const rows = await store.driver.query<{ resolution: number; n: number; series: number }>(
    `SELECT resolution, count(*)::float8 AS n, count(DISTINCT (connection, entity_kind, entity_id, metric))::float8 AS series FROM samples GROUP BY resolution ORDER BY resolution`,
  );
  const stats = await store.history.stats();
  const tier = (r: number) => (r === 0 ? 'raw (5 s)' : `${r / 60_000} min`);
  console.log(`${label}: samples table ${stats.rows.toLocaleString('en')} rows, pg_total_relation_size ${stats.bytes === null ? 'unknown' : mib(stats.bytes)}, store folder ${mib(folderBytes(path.join(dataDir, 'store')))}`);
  for (const r of rows) console.log(`  ${tier(Number(r.resolution)).padEnd(10)} ${Number(r.n).toLocaleString('en').padStart(9)} rows, ${Number(r.series)} series`);
}

async function main() {
  const dataDir = opts.dir ?? mkdtempSync(path.join(tmpdir(), 'wharf-history-day-'));
  const store = await openStore({ dataDir });
  const emptyBytes = folderBytes(path.join(dataDir, 'store'));
  let now = START;
  let history = Promise.resolve(store.history);
  if (opts['all-change']) {
    // Upper bound: a tiny step on every value, so no sample repeats its series' last one and every one is stored.
    const real = store.history;
    let n = 0;
    const moving = Object.create(real) as typeof real;
    moving.write = (connection, samples) => real.write(connection, samples.map((x) => ({ ...x, value: x.value + ++n * 1e-9 })));
    history = Promise.resolve(moving);
  }
  // Fake connectors: the sampler only reads their config (id, kind) when a source is given.
  const kafka = new Sampler({ config: { id: 'local-kafka', kind: 'kafka' } } as unknown as KafkaConnector, { intervalMs: INTERVAL_MS, history, source: { kafka: async () => kafkaTick(now) } });
  const rabbit = new Sampler({ config: { id: 'local-rabbitmq', kind: 'rabbitmq' } } as unknown as RabbitmqConnector, { intervalMs: INTERVAL_MS, history, source: { rabbitmq: async () => rabbitTick(now) } });
  console.log(
    `SIMULATED ${DAYS} day(s) of the demo traffic${opts['all-change'] ? ' with every value moving every tick (upper bound)' : ''} through Wharf's real sampler and history store (PGlite in ${dataDir}); empty store folder ${mib(emptyBytes)}`,
  );
  const started = performance.now();
  const end = START + DAYS * DAY_MS;
  let ticks = 0;
  const perTick = { kafka: 0, rabbitmq: 0 };
  for (; now < end; now += INTERVAL_MS) {
    await kafka.tick();
    await rabbit.tick();
    for (const s of [kafka, rabbit]) if (s.lastTick?.error) throw new Error(`${s.id} tick failed: ${s.lastTick.error}`);
    ticks++;
    perTick.kafka = Math.max(perTick.kafka, kafka.lastTick!.entities.reduce((n, e) => n + Object.values(e.metrics).filter((v) => v !== null).length, 0));
    perTick.rabbitmq = Math.max(perTick.rabbitmq, rabbit.lastTick!.entities.reduce((n, e) => n + Object.values(e.metrics).filter((v) => v !== null).length, 0));
    if ((now - START + INTERVAL_MS) % COMPACT_EVERY_MS === 0) await store.history.compact(now + INTERVAL_MS);
    if ((now - START + INTERVAL_MS) % (6 * 3600_000) === 0) {
      console.log(`  ${(now + INTERVAL_MS - START) / 3600_000} h simulated, ${((performance.now() - started) / 1000).toFixed(0)} s real, store folder ${mib(folderBytes(path.join(dataDir, 'store')))}`);
    }
    if ((now + INTERVAL_MS - START) % DAY_MS === 0) {
      await report(store, dataDir, `after simulated day ${(now + INTERVAL_MS - START) / DAY_MS} (${ticks.toLocaleString('en')} ticks per connection, ${((performance.now() - started) / 1000).toFixed(0)} s of real time)`);
    }
  }
  if (!Number.isInteger(DAYS)) await report(store, dataDir, `after simulated ${DAYS} day(s) (${ticks.toLocaleString('en')} ticks per connection)`);
  console.log(`samples per tick (most): Kafka ${perTick.kafka}, RabbitMQ ${perTick.rabbitmq}; errors: Kafka ${kafka.errors}, RabbitMQ ${rabbit.errors}`);
  await Promise.all([kafka.stop(), rabbit.stop()]);
  await store.close();
  console.log(`store folder after close: ${mib(folderBytes(path.join(dataDir, 'store')))}`);
  if (!opts.keep && !opts.dir) rmSync(dataDir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
