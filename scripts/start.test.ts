import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');

function start(config: string, args: string[]) {
  return spawnSync(process.execPath, ['scripts/start.mjs', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
    // A dist folder that does not exist: when the address is allowed, `next start` fails fast instead of serving.
    env: { ...process.env, WHARF_CONFIG: config, WHARF_DIST_DIR: '.next-no-such-build', WHARF_TEST_RABBITMQ_PASSWORD: 'guest' },
  });
}

describe('bind address rule (scripts/start.mjs)', () => {
  it('refuses a non-loopback address without login, and says why', () => {
    const r = start('test/wharf.test.yaml', ['--host', '0.0.0.0', '--port', '3999']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Refusing to listen on 0\.0\.0\.0: no login is configured, so Wharf only listens on loopback/);
  });

  it('refuses WHARF_HOST too', () => {
    const r = spawnSync(process.execPath, ['scripts/start.mjs'], { cwd: root, encoding: 'utf8', env: { ...process.env, WHARF_CONFIG: 'test/wharf.test.yaml', WHARF_HOST: '192.168.1.10' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Refusing to listen on 192\.168\.1\.10/);
  });

  it('allows another address once login is configured', () => {
    const r = start('test/wharf.auth.yaml', ['--host', '0.0.0.0', '--port', '3999']);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/Refusing/);
    // It went on to `next start`, which finds no build in the made-up folder.
    expect(`${r.stdout}${r.stderr}`).toMatch(/production build|\.next-no-such-build/);
  });
});
