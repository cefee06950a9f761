// `npm run soak -- --minutes N`: the demo's traffic plus the load test, for N minutes, on brokers of its own: a
// Kafka node (KAFKA_INSTANCE=soak on 127.0.0.1:9792) and the wharf-soak vhost of the local RabbitMQ. Every 30 s it
// samples Wharf's memory (RSS, and the V8 heap from GET /metrics), open file descriptors and the size of the
// history store folder (emptied at the start). Target: flat after the warm-up. It prepares what it needs (RabbitMQ,
// the Kafka node, the vhost, a production build of the current code in .next-soak) and removes the vhost after.
//
//   npm run soak -- [--minutes 60] [--clients 50] [--warmup-minutes 5] [--port 3200] [--no-build]
//                   [--ramp-fraction 0]   (e.g. 0.2: one client first, then all, as `npm run load` does)
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './fixtures/lib.mjs';
import { median, procStatus, sleep } from './bench/lib.mjs';
import { buildInto, step } from './bench/prepare.mjs';
import { startWharf } from './bench/server.mjs';

const { values: opts } = parseArgs({
  options: {
    minutes: { type: 'string', default: '60' },
    clients: { type: 'string', default: '50' },
    'warmup-minutes': { type: 'string', default: '5' },
    'sample-seconds': { type: 'string', default: '30' },
    port: { type: 'string', default: '3200' },
    'no-build': { type: 'boolean', default: false },
    'ramp-fraction': { type: 'string', default: '0' },
  },
});
const minutes = Number(opts.minutes);
const warmupS = Math.min(Number(opts['warmup-minutes']) * 60, (minutes * 60) / 3);
const CONFIG = path.join(ROOT, 'scripts/wharf.soak.yaml');
const DIST_DIR = '.next-soak';
const DATA_DIR = path.join(ROOT, '.data/wharf-soak');
const VHOST = 'wharf-soak';
const KAFKA = { KAFKA_INSTANCE: 'soak', KAFKA_PORT: '9792' };
const MANAGEMENT = 'http://127.0.0.1:15672';
// A RabbitMQ user that sees only the soak's vhost: queues other work creates on this shared server stay out of it.
const SOAK_USER = 'wharf-soak';
const AUTH = { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}`, 'content-type': 'application/json' };

function folderBytes(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? folderBytes(p) : statSync(p).size;
  }
  return total;
}

async function heapUsedMiB(base) {
  try {
    const text = await (await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(30_000) })).text();
    const m = text.match(/^wharf_nodejs_heap_size_used_bytes (\d+(?:\.\d+)?(?:e\+\d+)?)/m);
    return m ? Number(m[1]) / 2 ** 20 : null;
  } catch {
    return null;
  }
}

async function management(method, p, body) {
  const res = await fetch(`${MANAGEMENT}${p}`, { method, headers: AUTH, body: body && JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
  if (!res.ok && res.status !== 404) throw new Error(`RabbitMQ management ${method} ${p}: HTTP ${res.status} ${await res.text()}`);
}

async function prepare() {
  step('RabbitMQ', 'bash', ['scripts/rabbitmq.sh', 'start']);
  step('soak Kafka node on 127.0.0.1:9792', 'bash', ['scripts/kafka.sh', 'start'], KAFKA);
  await management('PUT', `/api/vhosts/${VHOST}`);
  await management('PUT', `/api/users/${SOAK_USER}`, { password: SOAK_USER, tags: 'management' });
  await management('PUT', `/api/permissions/${VHOST}/${SOAK_USER}`, { configure: '.*', write: '.*', read: '.*' });
  if (!opts['no-build'] || !existsSync(path.join(ROOT, DIST_DIR, 'BUILD_ID'))) buildInto(DIST_DIR);
  rmSync(DATA_DIR, { recursive: true, force: true });
}

async function main() {
  await prepare();
  const server = await startWharf(Number(opts.port), { distDir: DIST_DIR, config: CONFIG });
  const children = [];
  const stopChildren = () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  };
  process.once('SIGINT', stopChildren);
  try {
    const demo = spawn(process.execPath, ['scripts/demo/traffic.mjs'], {
      cwd: ROOT,
      env: { ...process.env, DEMO_KAFKA_BROKERS: '127.0.0.1:9792', DEMO_AMQP_URL: `amqp://${SOAK_USER}:${SOAK_USER}@127.0.0.1:5672/${VHOST}` },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(demo);
    const loadArgs = ['--base', server.base, '--minutes', String(minutes), '--clients', opts.clients, '--ramp-fraction', opts['ramp-fraction'], '--estate', 'demo', '--kafka', 'soak-kafka', '--rabbitmq', 'soak-rabbitmq', '--vhost', VHOST];
    const load = spawn(process.execPath, ['scripts/load.mjs', ...loadArgs], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    children.push(load);
    const loadDone = new Promise((r) => load.on('exit', r));
    const samples = [];
    const started = Date.now();
    console.log('[soak] t(s) | RSS MiB | heap used MiB | fds | history store MiB');
    let finished = false;
    void loadDone.then(() => (finished = true));
    while (!finished && Date.now() - started < minutes * 60_000 + 120_000) {
      const p = procStatus(server.pid);
      const s = { t: Math.round((Date.now() - started) / 1000), rss: p.rssMiB, heap: await heapUsedMiB(server.base), fds: p.fds, store: folderBytes(DATA_DIR) / 2 ** 20 };
      samples.push(s);
      console.log(`[soak] ${s.t} | ${s.rss.toFixed(0)} | ${s.heap?.toFixed(0) ?? 'unknown'} | ${s.fds} | ${s.store.toFixed(1)}`);
      await Promise.race([sleep(Number(opts['sample-seconds']) * 1000), loadDone]);
    }
    summarize(samples);
  } finally {
    stopChildren();
    await server.stop();
    for (const p of [`/api/vhosts/${VHOST}`, `/api/users/${SOAK_USER}`]) await management('DELETE', p).catch((err) => console.error(`[soak] ${err.message}`));
  }
}

/** Compares the first and last third after the warm-up: growth there is what a leak looks like. */
function summarize(samples) {
  const after = samples.filter((s) => s.t >= warmupS);
  if (after.length < 3) return console.log('[soak] too short to judge the trend after warm-up');
  const third = Math.max(1, Math.floor(after.length / 3));
  const first = after.slice(0, third);
  const last = after.slice(-third);
  const line = (key, unit) => {
    const a = median(first.map((s) => s[key]).filter((v) => v !== null));
    const b = median(last.map((s) => s[key]).filter((v) => v !== null));
    if (a === null || b === null) return `${key}: unknown`;
    return `${key} ${a.toFixed(1)} → ${b.toFixed(1)} ${unit} (${(((b - a) / a) * 100).toFixed(1)}%)`;
  };
  console.log(`\n[soak] after ${warmupS} s warm-up, median of first third → last third: ${line('rss', 'MiB')}; ${line('heap', 'MiB')}; ${line('fds', 'fds')}; ${line('store', 'MiB')}`);
}

await main();
