import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { BOOTSTRAP } from '../support/kafka';

const run = promisify(execFile);
const KAFKA_SH = path.resolve(__dirname, '../../scripts/kafka.sh');

/** Runs one of Kafka's own CLI tools (by main class) against the broker under test; what it printed. */
export async function kafkaToolOutput(mainClass: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run('bash', [KAFKA_SH, 'class', mainClass, '--bootstrap-server', BOOTSTRAP, ...args], { timeout: 90_000, maxBuffer: 16 * 1024 * 1024 });
}

/** The tool's stdout (its tables; logs and notes go to stderr). */
export async function kafkaTool(mainClass: string, args: string[]): Promise<string> {
  return (await kafkaToolOutput(mainClass, args)).stdout;
}

/**
 * Rows of the table a Kafka tool prints, keyed by its header: tab-separated (kafka-transactions) or in columns padded
 * with spaces that start where their headers start (kafka-share-groups, whose headers and values may hold a space).
 * `firstHeader` finds the header line.
 */
export function parseTable(stdout: string, firstHeader: string): Record<string, string>[] {
  const lines = stdout.split('\n');
  const at = lines.findIndex((l) => l.startsWith(firstHeader));
  if (at < 0) throw new Error(`no "${firstHeader}" table in:\n${stdout}`);
  const header = lines[at];
  const body = lines.slice(at + 1).filter((l) => l.trim() && !l.startsWith(firstHeader));
  if (header.includes('\t')) {
    const names = header.split('\t').map((h) => h.trim());
    return body.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [names[i], v.trim()])));
  }
  const starts = [...header.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ name: m[0], at: m.index }));
  return body.map((l) => Object.fromEntries(starts.map((s, i) => [s.name, l.slice(s.at, starts[i + 1]?.at ?? l.length).trim()])));
}

/** A long-running tool (a console consumer) in its own process group, so it can be stopped with everything it started. */
export function startKafkaTool(mainClass: string, args: string[]): { child: ChildProcess; lines: string[]; stop: () => Promise<void> } {
  const child = spawn('bash', [KAFKA_SH, 'class', mainClass, '--bootstrap-server', BOOTSTRAP, ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  child.stdout?.on('data', (d: Buffer) => {
    const text = partial + d.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr?.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch (e) {
        // Already gone: nothing to stop.
        if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
      }
      await exited;
    }
  };
  return { child, lines, stop };
}

/** Polls `read` until `done` holds for its value; the last value is in the error when it never does. */
export async function waitUntil<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T | undefined;
  let error: unknown = null;
  while (Date.now() < until) {
    try {
      last = await read();
      error = null;
      if (done(last)) return last;
    } catch (e) {
      error = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: not reached within ${timeoutMs} ms; last ${error ? `error ${String(error)}` : JSON.stringify(last)}`);
}
