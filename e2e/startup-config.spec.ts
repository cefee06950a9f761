import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';

/** Starts the built server the way `npm start` does, with a config file of the test's own; resolves when it exits. */
function startWith(config: string, port: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/start.mjs', '--port', String(port)], {
      env: { ...process.env, WHARF_CONFIG: config, WHARF_DIST_DIR: process.env.WHARF_DIST_DIR ?? '.next' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    // A server that does not stop by itself is what this test must catch: end it so the test fails, not hangs.
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test('a bad config file stops the built server at startup, naming the file, the key path and the problem', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wharf-bad-config-'));
  const file = path.join(dir, 'wharf.config.yaml');
  writeFileSync(file, 'connections:\n  - id: broken\n    kind: kafka\n    brokers: [not-a-host-port]\n');
  try {
    const { code, output } = await startWith(file, 3197);
    expect(code, output).toBe(1);
    expect(output).toContain(`Invalid Wharf config ${file}`);
    expect(output).toContain('connections[0].brokers[0]: must be host:port');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
