// One RabbitMQ sampler tick, timed with the real collector, beside the plain management `GET /api/queues` in the
// same run (alternating, medians), so the two figures share the broker's state and the machine's load.
//
//   node --conditions=react-server --import tsx scripts/bench/rabbitmq-tick.ts [--runs 5] [--baseline <module>]
//        [--management http://127.0.0.1:15672] [--user guest] [--password guest]
//
// --baseline imports another collectRabbitmq (e.g. an older rabbitmq-collect.ts written out with `git show`)
// and times it in the same rounds, for a before/after figure. Reads only; start the estate first
// (node scripts/fixtures/rabbitmq-estate.mjs) and remove it after (--remove).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { rabbitmqConnectionSchema } from '@/server/config/schema';
import { RabbitmqConnector } from '@/server/rabbitmq/connector';
import { collectRabbitmq, type RabbitmqRaw } from '@/server/sampler/rabbitmq-collect';

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    baseline: { type: 'string' },
    management: { type: 'string', default: 'http://127.0.0.1:15672' },
    user: { type: 'string', default: process.env.RABBITMQ_USER ?? 'guest' },
    password: { type: 'string', default: process.env.RABBITMQ_PASSWORD ?? 'guest' },
  },
});

type Collect = (c: RabbitmqConnector) => Promise<RabbitmqRaw>;

const connector = new RabbitmqConnector(
  rabbitmqConnectionSchema.parse({
    id: 'bench-rabbitmq',
    kind: 'rabbitmq',
    amqpUrl: 'amqp://127.0.0.1:5672',
    managementUrl: opts.management,
    username: opts.user,
    password: opts.password,
  }),
);
const auth = `Basic ${Buffer.from(`${opts.user}:${opts.password}`).toString('base64')}`;

/** The reference: what a tool that wants every queue's figures asks the management API, body read to the end. */
async function plainGet(): Promise<{ ms: number; queues: number; bytes: number }> {
  const started = performance.now();
  const res = await fetch(`${opts.management}/api/queues`, { headers: { authorization: auth }, signal: AbortSignal.timeout(300_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET /api/queues: ${res.status} ${text.slice(0, 200)}`);
  const ms = performance.now() - started;
  return { ms, queues: (JSON.parse(text) as unknown[]).length, bytes: text.length };
}

async function timeCollect(collect: Collect): Promise<{ ms: number; queues: number; requests: number }> {
  const started = performance.now();
  const raw = await collect(connector);
  return { ms: performance.now() - started, queues: raw.queues.length, requests: raw.requests };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number) => `${Math.round(ms).toLocaleString('en')} ms`;

async function main() {
  const runs = Number(opts.runs);
  const variants: Array<{ name: string; run: () => Promise<{ ms: number; queues: number; requests?: number; bytes?: number }> }> = [
    { name: 'collector (current)', run: () => timeCollect(collectRabbitmq) },
    { name: 'management GET /api/queues', run: plainGet },
  ];
  if (opts.baseline) {
    const mod = (await import(path.resolve(opts.baseline))) as { collectRabbitmq: Collect };
    variants.splice(1, 0, { name: `collector (baseline ${path.basename(opts.baseline)})`, run: () => timeCollect(mod.collectRabbitmq) });
  }
  const results = new Map<string, Array<{ ms: number; queues: number; requests?: number; bytes?: number }>>(variants.map((v) => [v.name, []]));
  // One warm-up round, then alternating rounds so a busy moment of the broker hits every variant alike.
  for (let round = 0; round <= runs; round++) {
    for (const v of variants) {
      const r = await v.run();
      if (round > 0) results.get(v.name)!.push(r);
      console.log(`${round === 0 ? 'warm-up' : `run ${round}`}  ${v.name}: ${fmt(r.ms)}, ${r.queues} queues${r.requests !== undefined ? `, ${r.requests} requests` : ''}${r.bytes !== undefined ? `, ${(r.bytes / 1e6).toFixed(1)} MB` : ''}`);
    }
  }
  console.log(`\nmedians of ${runs} runs (${new Date().toISOString()}):`);
  for (const [name, rs] of results) {
    console.log(`  ${name}: ${fmt(median(rs.map((r) => r.ms)))} (min ${fmt(Math.min(...rs.map((r) => r.ms)))}, max ${fmt(Math.max(...rs.map((r) => r.ms)))}), ${rs[0].queues} queues${rs[0].requests !== undefined ? `, ${rs[0].requests} requests` : ''}`);
  }
  await connector.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
