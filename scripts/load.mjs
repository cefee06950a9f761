// `npm run load`: N concurrent clients against a local Wharf, each keeping a live metrics stream (SSE) open and
// polling the main list and detail APIs. Bounded in time and in requests; 127.0.0.1 only.
//
//   npm run load -- [--minutes 5] [--clients 50] [--poll-ms 2000] [--max-requests 200000]
//                   [--ramp-fraction 0.2] [--base http://127.0.0.1:3200 (default: start the bench build)]
//                   [--estate bench|demo] [--kafka bench-kafka] [--rabbitmq bench-rabbitmq] [--vhost wharf-bench]
//
// --estate names the topics, groups and queues the detail requests ask for: the benchmark estate's, or the demo's.
//
// The first --ramp-fraction of the time runs one client, the rest all of them: the sampler's broker request
// rate in both phases shows whether broker load grows with viewers (it should not).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { RABBIT_VHOST, groupName, queueName, topicName } from './fixtures/names.mjs';
import { cpuSeconds, percentile, pidListeningOn, procStatus, readSse, sleep } from './bench/lib.mjs';
import { startWharf } from './bench/server.mjs';

const { values: opts } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    clients: { type: 'string', default: '50' },
    'poll-ms': { type: 'string', default: '2000' },
    'max-requests': { type: 'string', default: '200000' },
    'ramp-fraction': { type: 'string', default: '0.2' },
    port: { type: 'string', default: '3200' },
    base: { type: 'string' },
    kafka: { type: 'string', default: 'bench-kafka' },
    rabbitmq: { type: 'string', default: 'bench-rabbitmq' },
    vhost: { type: 'string', default: RABBIT_VHOST },
    estate: { type: 'string', default: 'bench' },
    json: { type: 'string' },
  },
});

const durationMs = Number(opts.minutes) * 60_000;
const clients = Number(opts.clients);
const pollMs = Number(opts['poll-ms']);
const maxRequests = Number(opts['max-requests']);
const rampMs = clients > 1 ? durationMs * Number(opts['ramp-fraction']) : 0;
if (opts.base && !/^http:\/\/(127\.\d+\.\d+\.\d+|localhost)(:\d+)?$/.test(opts.base)) throw new Error('--base must be a loopback address');

const ESTATES = {
  bench: { topic: (i) => topicName(i % 200), group: (i) => groupName(i % 1000), queue: (i) => queueName(i % 10000) },
  demo: {
    topic: (i) => ['shop.orders', 'shop.payments', 'web.clicks', 'inventory.updates', 'shop.orders.dlq'][i % 5],
    group: (i) => ['billing-service', 'analytics', 'fraud-detector', 'search-indexer'][i % 4],
    queue: (i) => ['orders.created', 'emails.send', 'payments.process', 'audit.stream', 'orders.created.dlq'][i % 5],
  },
};
const names = ESTATES[opts.estate];
if (!names) throw new Error(`--estate must be one of ${Object.keys(ESTATES).join(', ')}`);

const K = `/api/connections/${opts.kafka}`;
const R = `/api/connections/${opts.rabbitmq}`;
const vh = encodeURIComponent(opts.vhost);
/** What a dashboard user looks at: lists, details, overviews; detail names vary so caches are exercised too. */
const endpoints = [
  { name: 'topics list', path: () => `${K}/topics` },
  { name: 'topic detail', path: (i) => `${K}/topics/${encodeURIComponent(names.topic(i))}` },
  { name: 'groups list', path: () => `${K}/consumer-groups` },
  { name: 'group detail', path: (i) => `${K}/consumer-groups/${encodeURIComponent(names.group(i))}` },
  { name: 'brokers', path: () => `${K}/brokers` },
  { name: 'queues list', path: () => `${R}/queues?vhost=${vh}` },
  { name: 'queue detail', path: (i) => `${R}/queues/${vh}/${encodeURIComponent(names.queue(i))}` },
  { name: 'kafka connection', path: () => K },
  { name: 'rabbitmq overview', path: () => `${R}/overview` },
];

const stats = new Map(endpoints.map((e) => [e.name, { latencies: [], errors: 0, statuses: {} }]));
let requests = 0;
const sse = { opened: 0, failures: 0, ticks: 0, open: 0 };
const errorSamples = [];

async function poller(id, stopAt, signal) {
  let i = id * 7;
  await sleep(Math.random() * pollMs);
  while (Date.now() < stopAt && requests < maxRequests && !signal.aborted) {
    const e = endpoints[i % endpoints.length];
    const s = stats.get(e.name);
    requests++;
    const t = performance.now();
    try {
      const res = await fetch(`${base}${e.path(i)}`, { signal: AbortSignal.any([signal, AbortSignal.timeout(30_000)]) });
      await res.arrayBuffer();
      s.statuses[res.status] = (s.statuses[res.status] ?? 0) + 1;
      if (res.ok) s.latencies.push(performance.now() - t);
      else {
        s.errors++;
        if (errorSamples.length < 10) errorSamples.push(`${e.name}: HTTP ${res.status}`);
      }
    } catch (err) {
      if (signal.aborted) break;
      s.errors++;
      if (errorSamples.length < 10) errorSamples.push(`${e.name}: ${err.message}`);
    }
    i++;
    await sleep(pollMs);
  }
}

/** Keeps one live stream open (reconnecting if it closes) until the end; alternates Kafka and RabbitMQ. */
async function streamer(id, stopAt, signal) {
  const conn = id % 2 === 0 ? opts.kafka : opts.rabbitmq;
  while (Date.now() < stopAt && !signal.aborted) {
    sse.opened++;
    sse.open++;
    try {
      await readSse(`${base}/api/connections/${conn}/metrics/stream`, {
        onEvent: (ev) => {
          if (ev.event === 'tick') sse.ticks++;
        },
        until: () => signal.aborted || Date.now() >= stopAt,
        timeoutMs: Math.max(1000, stopAt - Date.now()),
      });
    } catch (err) {
      if (!signal.aborted && Date.now() < stopAt - 1000) {
        sse.failures++;
        if (errorSamples.length < 10) errorSamples.push(`stream ${conn}: ${err.message}`);
        await sleep(1000);
      }
    } finally {
      sse.open--;
    }
  }
}

async function samplerRequests() {
  let total = 0;
  for (const c of [opts.kafka, opts.rabbitmq]) {
    const res = await fetch(`${base}/api/connections/${c}/metrics/sampler`, { signal: AbortSignal.timeout(30_000) });
    if (res.ok) total += (await res.json()).totalBrokerRequests;
  }
  return total;
}

let base = opts.base;
let server = null;

async function main() {
  if (!base) {
    server = await startWharf(Number(opts.port));
    base = server.base;
  }
  const pid = server?.pid ?? (await pidListeningOn(new URL(base).port));
  // Starts both samplers before measuring, so the first phase is not their start-up.
  await samplerRequests();
  await sleep(6000);
  const controller = new AbortController();
  const started = Date.now();
  const stopAt = started + durationMs;
  const phases = [];
  const samples = [];
  let phaseStart = { at: Date.now(), requests: await samplerRequests() };
  const cpu0 = cpuSeconds(pid);
  let last = { at: Date.now(), cpu: cpu0 };
  const startClient = (id) => Promise.all([poller(id, stopAt, controller.signal), streamer(id, stopAt, controller.signal)]);
  const running = [startClient(0)];
  let ramped = rampMs === 0;
  if (ramped) for (let id = 1; id < clients; id++) running.push(startClient(id));
  console.log(`[load] ${base}: ${ramped ? clients : 1} client(s) for ${opts.minutes} min${ramped ? '' : `, ${clients} after ${(rampMs / 1000).toFixed(0)} s`}`);
  while (Date.now() < stopAt && requests < maxRequests) {
    await sleep(5000);
    const now = Date.now();
    const cpu = cpuSeconds(pid);
    const p = procStatus(pid);
    samples.push({ t: (now - started) / 1000, cpuPct: ((cpu - last.cpu) / ((now - last.at) / 1000)) * 100, rssMiB: p.rssMiB, fds: p.fds, clients: ramped ? clients : 1 });
    last = { at: now, cpu };
    if (!ramped && now - started >= rampMs) {
      const r = await samplerRequests();
      phases.push({ clients: 1, rate: (r - phaseStart.requests) / ((now - phaseStart.at) / 1000) });
      phaseStart = { at: now, requests: r };
      ramped = true;
      for (let id = 1; id < clients; id++) running.push(startClient(id));
      console.log(`[load] ${clients} clients from ${((now - started) / 1000).toFixed(0)} s`);
    }
  }
  const r = await samplerRequests();
  phases.push({ clients: ramped ? clients : 1, rate: (r - phaseStart.requests) / ((Date.now() - phaseStart.at) / 1000) });
  controller.abort();
  await Promise.allSettled(running);
  report(samples, phases, (cpuSeconds(pid) - cpu0) / ((Date.now() - started) / 1000));
}

function report(samples, phases, avgCpu) {
  const all = [...stats.values()].flatMap((s) => s.latencies);
  const errors = [...stats.values()].reduce((n, s) => n + s.errors, 0);
  const f = (v) => (v === null ? '—' : `${v.toFixed(0)} ms`);
  const lines = [
    `Load: ${clients} clients, ${opts.minutes} min, poll every ${pollMs} ms per client, each with a metrics stream open`,
    `Requests: ${requests} (${all.length} ok, ${errors} errors); streams opened ${sse.opened}, stream failures ${sse.failures}, ticks received ${sse.ticks}`,
    `Latency all: p50 ${f(percentile(all, 50))}, p95 ${f(percentile(all, 95))}, p99 ${f(percentile(all, 99))}`,
    '',
    '| endpoint | requests | p50 | p95 | p99 | errors |',
    '|---|---|---|---|---|---|',
    ...[...stats.entries()].map(([name, s]) => `| ${name} | ${s.latencies.length + s.errors} | ${f(percentile(s.latencies, 50))} | ${f(percentile(s.latencies, 95))} | ${f(percentile(s.latencies, 99))} | ${s.errors} |`),
    '',
    `Wharf process: CPU average ${(avgCpu * 100).toFixed(0)}% of one core (max 5 s sample ${Math.max(...samples.map((s) => s.cpuPct)).toFixed(0)}%), RSS max ${Math.max(...samples.map((s) => s.rssMiB)).toFixed(0)} MiB, last ${samples.at(-1)?.rssMiB.toFixed(0)} MiB, fds max ${Math.max(...samples.map((s) => s.fds ?? 0))}`,
    `Broker requests made by Wharf's samplers (GET /api/connections/{id}/metrics/sampler totalBrokerRequests): ${phases.map((p) => `${p.rate.toFixed(2)}/s with ${p.clients} client(s)`).join(', ')}`,
    ...(errorSamples.length ? ['', `First errors: ${errorSamples.join('; ')}`] : []),
  ];
  console.log(`\n${lines.join('\n')}\n`);
  if (opts.json) {
    const latency = { p50: percentile(all, 50), p95: percentile(all, 95), p99: percentile(all, 99) };
    writeFileSync(opts.json, JSON.stringify({ requests, errors, sse, phases, samples, latency }, null, 2));
  }
}

try {
  await main();
} finally {
  await server?.stop();
}
