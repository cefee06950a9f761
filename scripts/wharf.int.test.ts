import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '@/server/auth/passwords';
import { call, login, repoRoot, TEST_PASSWORD, withAuthConfig } from '@/test/support/auth-harness';

// The login-enabled test config and a data folder of this file's own: the CLI writes the store, then this process
// (the server side) opens it; PGlite allows one process at a time, so the CLI runs to its end first.
const dataDir = withAuthConfig();

type Run = { code: number | null; stdout: string; stderr: string };

/** `npm run wharf -- <args>`, the command the README gives, with `input` on standard input (a pipe, not a terminal). */
function wharf(args: string[], input: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile('npm', ['run', '--silent', 'wharf', '--', ...args], { cwd: repoRoot, env: { ...process.env, WHARF_DATA_DIR: dataDir }, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}

const admin = `cli-admin-${Date.now()}`;
const password = 'a long cli password, 123';

beforeAll(async () => {
  // Everything the CLI writes happens here, before this process opens the store.
  const created = await wharf(['create-admin', admin], `${password}\n`);
  expect(created).toMatchObject({ code: 0, stderr: '' });
  expect(created.stdout).toContain(`Created admin "${admin}" in the store`);
}, 120_000);

afterAll(async () => {
  const { closeStore } = await import('@/server/store/store');
  await closeStore();
});

describe('the embedded store serves one process', () => {
  it('refuses a second process on the same data folder, naming the folder, the process that has it and what to do', async () => {
    const { getStore, closeStore } = await import('@/server/store/store');
    await getStore();
    try {
      const r = await wharf(['create-admin', 'second-process'], `${password}\n`);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(new RegExp(`The embedded store in .*${dataDir.split('/').pop()}.* is in use by another Wharf process \\(pid ${process.pid}\\)`));
      expect(r.stderr).toMatch(/run several replicas on PostgreSQL \(set DATABASE_URL\), or give this process its own WHARF_DATA_DIR/);
    } finally {
      await closeStore();
    }
  }, 180_000);
});

describe('npm run wharf -- hash-password', () => {
  it('prints a bcrypt hash (cost 12) of the password read from standard input, which the password module verifies', async () => {
    const r = await wharf(['hash-password'], `${password}\n`);
    expect(r.code).toBe(0);
    const hash = r.stdout.trim();
    expect(hash).toMatch(/^\$2[aby]\$12\$[./A-Za-z0-9]{53}$/);
    expect(await verifyPassword(password, hash)).toBe(true);
    // Only the final newline is the terminator: the rest is the password.
    expect(await verifyPassword(`${password}\n`, hash)).toBe(false);
    expect(await verifyPassword('a long cli password, 124', hash)).toBe(false);
  });

  it('refuses a password under 12 characters, printing no hash', async () => {
    expect(await wharf(['hash-password'], 'short\n')).toEqual({ code: 2, stdout: '', stderr: 'The password must be at least 12 characters\n' });
  });

  it('prints its usage for an unknown command', async () => {
    const r = await wharf(['make-coffee'], '');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Usage:\n.*hash-password.*\n.*create-admin <username>/);
  });
});

describe('npm run wharf -- create-admin', () => {
  it('created an admin in the store who signs in through the login route, with the admin role', async () => {
    const session = await login(admin, password);
    expect(await (await call(session, 'GET', '/api/auth/me', {})).json()).toMatchObject({ user: { username: admin, source: 'store', defaultRole: 'admin', connectionRoles: {} } });
    const users = (await (await call(session, 'GET', '/api/users', {})).json()) as { users: Array<{ username: string; source: string }> };
    expect(users.users).toContainEqual(expect.objectContaining({ username: admin, source: 'store' }));
    await expect(login(admin, TEST_PASSWORD)).rejects.toThrow(/login .*: 401/);
  });

  it('refuses a bad username, a short password and a name the config file defines', async () => {
    const { closeStore } = await import('@/server/store/store');
    // The store is this process's now; let the CLI have it.
    await closeStore();
    expect(await wharf(['create-admin', 'bad name!'], `${password}\n`)).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/^Usage: npm run wharf -- create-admin <username>/) });
    expect(await wharf(['create-admin', 'someone'], 'short\n')).toMatchObject({ code: 2, stderr: 'The password must be at least 12 characters\n' });
    expect(await wharf(['create-admin', 'viewer'], `${password}\n`)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'User "viewer" is defined in the config file, which wins at sign-in; choose another name\n',
    });
    expect(await wharf(['create-admin', admin], `${password}\n`)).toEqual({ code: 1, stdout: '', stderr: `User "${admin}" already exists\n` });
    // Four CLI processes, each starting Node with tsx and opening the store: over a minute on a loaded machine.
  }, 240_000);
});
