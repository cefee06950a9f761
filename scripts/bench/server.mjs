// Starts and stops the Wharf server the benchmarks measure: the production build in .next-bench, on its own
// port, with the bench config. Built once with `WHARF_DIST_DIR=.next-bench npx next build`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, sleep } from '../fixtures/lib.mjs';
import { describeError, pidListeningOn } from './lib.mjs';

export const BENCH_CONFIG = path.join(ROOT, 'scripts/bench/wharf.bench.yaml');
export const DIST_DIR = process.env.WHARF_DIST_DIR ?? '.next-bench';

/**
 * Starts Wharf and resolves once it answers, with the pid of the process that serves requests. `distDir` and
 * `config` default to the benchmark's build and config (the soak has its own).
 */
export async function startWharf(port, { distDir = DIST_DIR, config = process.env.WHARF_CONFIG ?? BENCH_CONFIG } = {}) {
  if (!existsSync(path.join(ROOT, distDir, 'BUILD_ID'))) {
    throw new Error(`no build in ${distDir}: run WHARF_DIST_DIR=${distDir} npx next build first`);
  }
  // Something else answering on the port would be measured instead of this build.
  const holder = await pidListeningOn(port);
  if (holder !== null) throw new Error(`port ${port} is taken (pid ${holder}): stop that process or pass --port`);
  const child = spawn(process.execPath, ['scripts/start.mjs', '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, WHARF_DIST_DIR: distDir, WHARF_CONFIG: config, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  // A server that dies mid-run shows up as failed requests; say so when it happens, with its exit code or signal.
  let stopping = false;
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`[bench] Wharf on :${port} (launcher pid ${child.pid}) exited during the run: ${signal ?? `code ${code}`}`);
  });
  const base = `http://127.0.0.1:${port}`;
  let lastError = null;
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`Wharf exited with ${child.exitCode} while starting`);
    try {
      const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      if (res.status < 500) {
        const pid = await pidListeningOn(port);
        return {
          base,
          pid,
          stop: () => {
            stopping = true;
            return stopWharf(child);
          },
        };
      }
    } catch (e) {
      // Not listening yet (ECONNREFUSED); kept for the message below if it never answers.
      lastError = e;
    }
    await sleep(250);
  }
  stopping = true;
  stopWharf(child);
  throw new Error(`Wharf did not answer within 60 s${lastError ? `; last attempt: ${describeError(lastError)}` : ''}`);
}

async function stopWharf(child) {
  if (child.exitCode !== null) return;
  // The launcher and the Next server it spawns share a process group (detached above).
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 40 && child.exitCode === null; i++) await sleep(250);
  if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
}
