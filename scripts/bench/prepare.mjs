// Brings up everything `npm run bench` measures, so the one command works on a fresh machine: RabbitMQ, the
// benchmark Kafka node of its own, both benchmark estates (the generators add only what is missing), and a
// production build of the current code in .next-bench.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../fixtures/lib.mjs';
import { DIST_DIR } from './server.mjs';

export function step(label, command, args, env = {}) {
  console.log(`[bench] ${label}`);
  const started = Date.now();
  const r = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status ?? r.signal})`);
  console.log(`[bench] ${label}: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** `only`: the scenario keys about to run, so a RabbitMQ-only run does not build the Kafka estate, and so on. */
export function prepare({ bootstrap, kafkaEnv, only, build }) {
  const needs = (keys) => keys.some((k) => only.includes(k));
  step('RabbitMQ', 'bash', ['scripts/rabbitmq.sh', 'start']);
  step(`benchmark Kafka node on ${bootstrap}`, 'bash', ['scripts/kafka.sh', 'start'], kafkaEnv);
  if (needs(['a', 'c', 'd', 'f', 'g'])) step('Kafka estate', process.execPath, ['scripts/fixtures/kafka-estate.mjs', '--bootstrap', bootstrap], kafkaEnv);
  if (needs(['b', 'e', 'f', 'g'])) step('RabbitMQ estate', process.execPath, ['scripts/fixtures/rabbitmq-estate.mjs']);
  if (build) buildInto(DIST_DIR);
}

/** A production build of the current code in its own folder; next build adds that folder's types to tsconfig.json,
 *  which must not change the checkout. */
export function buildInto(distDir) {
  const tsconfig = path.join(ROOT, 'tsconfig.json');
  const before = readFileSync(tsconfig, 'utf8');
  try {
    step(`production build in ${distDir}`, 'npx', ['next', 'build'], { WHARF_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: '1' });
  } finally {
    writeFileSync(tsconfig, before);
  }
}
