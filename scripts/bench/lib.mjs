// Measurement helpers for the benchmarks: timing, medians, the machine, Wharf's process figures, HTTP and SSE.
import { execFile, spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { promisify } from 'node:util';

export { sleep } from '../fixtures/lib.mjs';

const exec = promisify(execFile);

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? null : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export const percentile = (xs, p) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

/** Runs `fn` `warmup` times unmeasured, then `runs` times; returns every measured value (fn returns a number). */
export async function repeat(label, { warmup, runs }, fn) {
  for (let i = 0; i < warmup; i++) await fn({ warmup: true, run: -1 - i });
  const values = [];
  for (let i = 0; i < runs; i++) {
    const v = await fn({ warmup: false, run: i });
    values.push(v);
    console.log(`  ${label} run ${i + 1}/${runs}: ${fmtNum(v)}`);
  }
  return values;
}

export async function timed(fn) {
  const t = performance.now();
  const result = await fn();
  return { ms: performance.now() - t, result };
}

export function machine() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    node: process.version,
    load: os.loadavg().map((l) => l.toFixed(1)).join(' '),
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

export const fmtNum = (n, digits = 0) => (n === null || n === undefined || Number.isNaN(n) ? '—' : Number(n).toLocaleString('en', { maximumFractionDigits: digits }));

/** Pid of the process listening on 127.0.0.1:port (the Next server itself, not its launcher). */
export async function pidListeningOn(port) {
  const { stdout } = await exec('ss', ['-ltnpH', `sport = :${port}`]);
  const m = stdout.match(/pid=(\d+)/);
  return m ? Number(m[1]) : null;
}

/** VmRSS and VmHWM (peak) in MiB, and open file descriptors, of a process. */
export function procStatus(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(status.match(new RegExp(`^${k}:\\s+(\\d+)`, 'm'))?.[1] ?? NaN);
  let fds = null;
  try {
    fds = readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    // Another user's process: fd count unknown.
  }
  return { rssMiB: kb('VmRSS') / 1024, hwmMiB: kb('VmHWM') / 1024, fds };
}

/** CPU seconds (user + system) used by a process so far; /proc counts in clock ticks, 100 per second on Linux. */
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resets a process's peak RSS (VmHWM) to its current RSS, so a peak can be read for one operation (Linux, same user). */
export function resetPeakRss(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * An error and its causes on one line. fetch() rejects with a bare "TypeError: fetch failed" and keeps what happened
 * in `cause` (undici: code UND_ERR_SOCKET "other side closed", ECONNRESET, ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT...,
 * with the socket's addresses and byte counts, or an AggregateError of one error per address tried); neither the
 * message nor the stack shows it.
 */
export function describeError(e) {
  const parts = [];
  const seen = new Set();
  for (let cur = e; cur && typeof cur === 'object' && !seen.has(cur); cur = cur.cause) {
    seen.add(cur);
    const code = cur.code ?? cur.errno;
    let part = `${cur.name && cur.name !== 'Error' ? `${cur.name}: ` : ''}${code && !String(cur.message).includes(code) ? `${code} ` : ''}${cur.message ?? ''}`;
    const sock = cur.socket;
    if (sock && typeof sock === 'object') {
      part += ` [${sock.localAddress}:${sock.localPort} -> ${sock.remoteAddress}:${sock.remotePort}, written ${sock.bytesWritten} B, read ${sock.bytesRead} B]`;
    }
    if (Array.isArray(cur.errors) && cur.errors.length) part += ` (${cur.errors.map((x) => describeError(x)).join('; ')})`;
    parts.push(part);
  }
  if (parts.length === 0) return String(e);
  return parts.join(' <- caused by ');
}

/**
 * fetch() for every benchmark request: a failure names the request, how long it had run, the cause fetch hides
 * (describeError), and whether anything still listens on the server's port (a restarted or crashed server reads
 * differently from a socket closed under a live one).
 */
export async function request(url, init = {}) {
  const t = performance.now();
  try {
    return await fetch(url, init);
  } catch (e) {
    const u = new URL(url);
    let listener = '';
    if (u.hostname === '127.0.0.1' || u.hostname === 'localhost') {
      const port = u.port || (u.protocol === 'https:' ? '443' : '80');
      const pid = await pidListeningOn(port).catch(() => undefined);
      listener = pid === undefined ? '' : pid === null ? `; nothing listens on :${port} now` : `; pid ${pid} listens on :${port}`;
    }
    throw new Error(`${init.method ?? 'GET'} ${u.pathname}${u.search}: failed after ${(performance.now() - t).toFixed(0)} ms: ${describeError(e)}${listener}`, { cause: e });
  }
}

/** GET/POST JSON against Wharf; throws with the server's error message on a non-2xx answer. */
export async function api(base, path, { method = 'GET', body, timeoutMs = 120_000 } = {}) {
  const res = await request(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await readBody(res, method, path);
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/** A response body as text; a connection lost mid-body ("terminated") is reported with its cause too. */
async function readBody(res, method, path) {
  try {
    return await res.text();
  } catch (e) {
    throw new Error(`${method} ${path}: ${res.status}, body cut off: ${describeError(e)}`, { cause: e });
  }
}

/** Whether a route answers something other than 404/405 (a scenario whose route is missing is reported as such). */
export async function routeExists(base, path, method = 'GET') {
  const res = await request(`${base}${path}`, { method, signal: AbortSignal.timeout(60_000) });
  await res.body?.cancel();
  return res.status !== 404 && res.status !== 405;
}

/**
 * Reads a server-sent event stream to its end (or until `until(event)` is true), calling onEvent for each
 * event; resolves to the last event seen.
 */
export async function readSse(url, { method = 'GET', body, onEvent, until, timeoutMs = 900_000 } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await request(url, {
      method,
      headers: { accept: 'text/event-stream', ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: controller.signal,
    });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${(await readBody(res, method, url)).slice(0, 300)}`);
    const decoder = new TextDecoder();
    let buf = '';
    let last = null;
    let finished = null;
    for await (const chunk of streamOf(res.body, method, url, () => finished !== null)) {
      buf += decoder.decode(chunk, { stream: true });
      let cut;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const raw = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        let event = 'message';
        const data = [];
        for (const line of raw.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
        }
        if (data.length === 0) continue;
        const ev = { event, data: JSON.parse(data.join('\n')) };
        last = ev;
        onEvent?.(ev);
        if (until?.(ev)) {
          finished = ev;
          break;
        }
      }
      if (finished) break;
    }
    // Leaving the loop cancels the body; the abort closes the connection. Neither is a failure of the read.
    if (finished) controller.abort();
    return finished ?? last;
  } finally {
    clearTimeout(timer);
  }
}

/** An event stream's chunks; a stream the server cut ("terminated") names its cause and the last event read. */
async function* streamOf(body, method, url, done = () => false) {
  let chunks = 0;
  try {
    for await (const chunk of body) {
      chunks++;
      yield chunk;
    }
  } catch (e) {
    if (done()) return;
    if (e?.name === 'AbortError') throw e;
    throw new Error(`${method} ${url}: event stream cut off after ${chunks} chunks: ${describeError(e)}`, { cause: e });
  }
}

/** Runs a shell pipeline and returns its wall time in ms and stdout. */
export async function shell(command, env = {}) {
  const t = performance.now();
  const child = spawn('bash', ['-o', 'pipefail', '-c', command], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise((r) => child.on('exit', r));
  const ms = performance.now() - t;
  if (code !== 0) throw new Error(`${command} exited with ${code}: ${err.slice(-500)}`);
  return { ms, stdout: out };
}
