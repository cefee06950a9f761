// `npm run bench`: every benchmark beside its reference tool, measured in the same run, medians after a warm-up.
// It first brings up what it measures (scripts/bench/prepare.mjs): the benchmark Kafka node, the estates, a build.
//
//   npm run bench -- [--only a,b,c,d,e,f,g] [--runs 5] [--heavy-runs 3] [--cold-runs 3] [--port 3200]
//                    [--base http://127.0.0.1:3200 (use a running Wharf; no cold figures)] [--move-messages 100000]
//                    [--no-prepare (brokers, estates and build are there already)] [--no-build]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../fixtures/lib.mjs';
import { firstRows, jsSize } from './browser-scenarios.mjs';
import { lagTick, na, replay, scan, topicList } from './kafka-scenarios.mjs';
import { describeError, machine, pidListeningOn } from './lib.mjs';
import { prepare } from './prepare.mjs';
import { move, queueList } from './rabbitmq-scenarios.mjs';
import { startWharf } from './server.mjs';

const { values: opts } = parseArgs({
  options: {
    only: { type: 'string', default: 'a,b,c,d,e,f,g' },
    runs: { type: 'string', default: '7' },
    'heavy-runs': { type: 'string', default: '3' },
    'cold-runs': { type: 'string', default: '3' },
    port: { type: 'string', default: '3200' },
    base: { type: 'string' },
    bootstrap: { type: 'string', default: '127.0.0.1:9692' },
    'move-messages': { type: 'string', default: '100000' },
    'no-prepare': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});

const [, port] = opts.bootstrap.split(':');
const ctx = {
  base: opts.base ?? `http://127.0.0.1:${opts.port}`,
  pid: null,
  bootstrap: opts.bootstrap,
  kafkaEnv: { KAFKA_INSTANCE: process.env.KAFKA_INSTANCE ?? 'bench', KAFKA_PORT: port, KAFKA_HEAP: process.env.KAFKA_HEAP ?? '2g', KAFKA_START_TIMEOUT: process.env.KAFKA_START_TIMEOUT ?? '600' },
  light: { warmup: 2, runs: Number(opts.runs) },
  heavy: { warmup: 1, runs: Number(opts['heavy-runs']) },
  coldRuns: opts.base ? 0 : Number(opts['cold-runs']),
  moveMessages: Number(opts['move-messages']),
  server: null,
  async restart() {
    if (opts.base) return;
    await this.server?.stop();
    this.server = await startWharf(Number(opts.port));
    this.base = this.server.base;
    this.pid = this.server.pid;
  },
};

const scenarios = {
  a: ['topic list', topicList],
  b: ['queue list', queueList],
  c: ['filtered scan', scan],
  d: ['replay', replay],
  e: ['move', move],
  f: ['lag tick', lagTick],
  g: ['browser', async (c) => [...(await firstRows(c)), ...(await jsSize(c))]],
};

function table(m, rows) {
  const fmtRatio = (r) => (r === null || r === undefined || !Number.isFinite(r) ? '—' : `${r.toFixed(2)}x`);
  const lines = [
    `Machine: ${m.cores} cores, ${m.memoryGiB} GiB, ${m.cpu}; Node ${m.node}; load average at start ${m.load}; ${m.date}`,
    '',
    '| scenario | Wharf | reference | ratio | target | met |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.scenario} | ${r.wharf} | ${r.reference} | ${fmtRatio(r.ratio)} | ${r.target} | ${r.ok === null ? '—' : r.ok ? 'yes' : 'no'} |`),
  ];
  return lines.join('\n');
}

async function main() {
  if (!opts['no-prepare']) {
    const only = opts.only.split(',').map((k) => k.trim());
    prepare({ bootstrap: ctx.bootstrap, kafkaEnv: ctx.kafkaEnv, only, build: !opts.base && !opts['no-build'] });
  }
  const m = machine();
  console.log(`[bench] ${m.cores} cores, ${m.memoryGiB} GiB, ${m.cpu}, load ${m.load}`);
  if (opts.base) ctx.pid = await pidListeningOn(new URL(opts.base).port);
  else await ctx.restart();
  const rows = [];
  try {
    for (const key of opts.only.split(',')) {
      const [name, fn] = scenarios[key.trim()] ?? [];
      if (!fn) throw new Error(`unknown scenario "${key}"`);
      console.log(`[bench] (${key}) ${name}`);
      try {
        rows.push(...(await fn(ctx)));
      } catch (e) {
        // describeError: the causes too (a fetch error's cause is in neither its message nor its stack).
        console.error(`[bench] (${key}) ${name} failed: ${describeError(e)}\n${e?.stack ?? ''}`);
        rows.push(na(`(${key}) ${name}`, `failed: ${describeError(e).replaceAll('|', '/').slice(0, 300)}`));
      }
    }
  } finally {
    await ctx.server?.stop();
  }
  const out = table(m, rows);
  console.log(`\n${out}\n`);
  const dir = path.join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'latest.md'), `# npm run bench: latest results\n\n${out}\n\nMedians after a warm-up (runs: ${opts.runs} light, ${opts['heavy-runs']} heavy, ${opts['cold-runs']} cold starts). How to read it: README, Performance and resilience.\n`);
  console.log('[bench] wrote bench/results/latest.md');
}

await main();
