import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * PGlite allows one process per data folder: give every vitest worker its own, under a folder of its vitest run
 * (pool ids start at 1 in every run, and two runs at once, e.g. two projects or two people, would share them).
 * Folders of runs whose vitest process is gone are removed.
 */
const base = process.env.WHARF_DATA_DIR ?? path.resolve('.data/test');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};
try {
  for (const name of readdirSync(base)) {
    const pid = /^run-(\d+)$/.exec(name)?.[1];
    if (pid && !alive(Number(pid))) rmSync(path.join(base, name), { recursive: true, force: true });
  }
} catch {
  // No folder yet: nothing to clean.
}
process.env.WHARF_DATA_DIR = path.join(base, `run-${process.ppid}`, `worker-${process.env.VITEST_POOL_ID ?? process.pid}`);
