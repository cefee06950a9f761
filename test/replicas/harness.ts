import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@/test/support/cli';

export { createDatabase } from '@/test/support/postgres';

export const PASSWORD = 'wharf-test-password';

export type Replica = { name: string; port: number; url: string; child: ChildProcess; log: string[]; exited: Promise<number | null> };

/** Starts the built Wharf (`next start`, the same build the browser tests use) as one replica on `port`. */
export async function startReplica(name: string, port: number, databaseUrl: string, env: Record<string, string> = {}): Promise<Replica> {
  const dataDir = path.join(repoRoot, '.data/replicas', name);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const child = spawn(process.execPath, [path.join(repoRoot, 'scripts/start.mjs'), '--port', String(port)], {
    cwd: repoRoot,
    env: {
      ...process.env,
      WHARF_CONFIG: path.join(repoRoot, 'test/wharf.replicas.yaml'),
      WHARF_TEST_RABBITMQ_PASSWORD: 'guest',
      WHARF_DATA_DIR: dataDir,
      WHARF_REPLICA_ID: name,
      WHARF_LOG_LEVEL: 'info',
      DATABASE_URL: databaseUrl,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: false,
  });
  const log: string[] = [];
  const keep = (b: Buffer) => {
    for (const line of b.toString().split('\n')) if (line.trim()) log.push(line);
    if (log.length > 2000) log.splice(0, log.length - 2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const replica: Replica = { name, port, url: `http://127.0.0.1:${port}`, child, log, exited };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`replica ${name} exited (${child.exitCode}):\n${log.slice(-30).join('\n')}`);
    try {
      const res = await fetch(`${replica.url}/api/health/ready`, { signal: AbortSignal.timeout(3000) });
      if (res.ok) return replica;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`replica ${name} not ready within 120 s:\n${log.slice(-30).join('\n')}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function killReplica(r: Replica, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  // start.mjs runs `next start` as its child: kill -9 the server process itself, as a crash would.
  const { execFileSync } = await import('node:child_process');
  const pids = execFileSync('pgrep', ['-P', String(r.child.pid)]).toString().trim().split('\n').filter(Boolean);
  for (const pid of pids) process.kill(Number(pid), signal);
  r.child.kill(signal);
  await r.exited;
}

export type Session = { cookie: string; csrf: string };

/** Before sign-in the CSRF check is double-submit: any token, as long as the cookie and the header agree. */
export function signInHeaders(baseUrl: string): Record<string, string> {
  return { 'content-type': 'application/json', origin: baseUrl, cookie: 'wharf-csrf=sign-in', 'x-wharf-csrf': 'sign-in' };
}

/** Signs in through `baseUrl` and returns the cookies to send (session + CSRF). */
export async function login(baseUrl: string, username = 'admin'): Promise<Session> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: signInHeaders(baseUrl),
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login as ${username} at ${baseUrl}: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = cookies.find((c) => c.startsWith('wharf-csrf='))?.slice('wharf-csrf='.length) ?? '';
  return { cookie: cookies.join('; '), csrf };
}

export async function api<T = unknown>(baseUrl: string, session: Session, method: string, route: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl}${route}`, {
    method,
    headers: {
      cookie: session.cookie,
      ...(method !== 'GET' && { 'x-wharf-csrf': session.csrf, origin: baseUrl, 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export type Nginx = { port: number; stop(): Promise<void> };

/** Debian's nginx on loopback in front of the replicas (round robin, SSE unbuffered): docs/replicas/nginx.conf. */
export async function startNginx(port: number, upstreams: number[]): Promise<Nginx> {
  const dir = path.join(repoRoot, '.data/replicas/nginx');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'logs'), { recursive: true });
  const template = readFileSync(path.join(repoRoot, 'docs/replicas/nginx.conf'), 'utf8');
  const conf = template
    .replace(/^\s*server 127\.0\.0\.1:300\d[^\n]*\n/gm, '')
    .replace('upstream wharf {', `upstream wharf {\n${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n')}`)
    .replace(/listen 127\.0\.0\.1:\d+;/, `listen 127.0.0.1:${port};`);
  const file = path.join(dir, 'nginx.conf');
  writeFileSync(file, conf);
  const child = spawn(existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx', ['-p', dir, '-c', file, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const errors: string[] = [];
  child.stderr?.on('data', (b: Buffer) => errors.push(b.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${errors.join('')}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`nginx did not answer: ${errors.join('')}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    port,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
