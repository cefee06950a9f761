import { execFileSync } from 'node:child_process';
import { connect, type Channel, type ChannelModel } from 'amqplib';

/** Test helpers that talk to the real local RabbitMQ directly, not through Wharf. */
export const MGMT = 'http://127.0.0.1:15672/api';
export const AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';
const AUTH = `Basic ${Buffer.from('guest:guest').toString('base64')}`;

export function uniqueName(what: string): string {
  return `wharf-test-${Date.now()}-${Math.random().toString(36).slice(2, 7)}-${what}`;
}

export async function mgmt(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${MGMT}/${path}`, {
    method,
    headers: { authorization: AUTH, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok && !(method === 'DELETE' && res.status === 404)) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

export const enc = (...segments: string[]) => segments.map(encodeURIComponent).join('/');

export async function createQueue(name: string, args: Record<string, unknown> = {}, vhost = '/'): Promise<void> {
  await mgmt('PUT', `queues/${enc(vhost, name)}`, { durable: true, auto_delete: false, arguments: args });
}

export async function deleteQueues(names: string[], vhost = '/'): Promise<void> {
  await Promise.all(names.map((n) => mgmt('DELETE', `queues/${enc(vhost, n)}`)));
}

/** Message counts straight from the broker node, as `rabbitmqctl list_queues name messages` prints them. */
export function rabbitmqctlCounts(vhost = '/'): Map<string, number> {
  const out = execFileSync('rabbitmqctl', ['-q', 'list_queues', '-p', vhost, '--no-table-headers', 'name', 'messages'], { encoding: 'utf8' });
  const counts = new Map<string, number>();
  for (const line of out.split('\n')) {
    const tab = line.lastIndexOf('\t');
    if (tab > 0) counts.set(line.slice(0, tab), Number(line.slice(tab + 1)));
  }
  return counts;
}

export function openAmqp(): Promise<ChannelModel> {
  return connect(AMQP_URL, { noDelay: true });
}

/** Publishes on a confirm channel and waits for every confirm. */
export async function publishMany(model: ChannelModel, queue: string, n: number, make: (i: number) => { body: Buffer; headers?: Record<string, unknown> }): Promise<void> {
  const ch = await model.createConfirmChannel();
  for (let i = 0; i < n; i++) {
    const m = make(i);
    ch.sendToQueue(queue, m.body, { headers: m.headers, persistent: false });
    if (i % 1000 === 999) await ch.waitForConfirms();
  }
  await ch.waitForConfirms();
  await ch.close();
}

/** Takes every message out of a queue and returns their bodies (a consumer; stops when the queue is empty). */
export async function drain(model: ChannelModel, queue: string): Promise<string[]> {
  const ch: Channel = await model.createChannel();
  const expected = (await ch.checkQueue(queue)).messageCount;
  const bodies: string[] = [];
  await ch.prefetch(1000);
  await new Promise<void>((resolve, reject) => {
    if (expected === 0) return resolve();
    ch.consume(queue, (m) => {
      if (!m) return resolve();
      bodies.push(m.content.toString());
      ch.ack(m);
      if (bodies.length === expected) resolve();
    }).catch(reject);
  });
  await ch.close();
  return bodies;
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 20_000, stepMs = 250): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

/** The route context Next passes: params as a promise. */
export function ctx<P>(params: P): { params: Promise<P> } {
  return { params: Promise.resolve(params) };
}

export function jsonRequest(method: string, url: string, body?: unknown): Request {
  return new Request(url, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
}
