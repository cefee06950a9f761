import { execFileSync } from 'node:child_process';
import { connect } from 'amqplib';

/** Test data for RabbitMQ specs, created straight on the broker (management API and AMQP), never by clicking. */
const MGMT = 'http://127.0.0.1:15672/api';
const AUTH = `Basic ${Buffer.from('guest:guest').toString('base64')}`;
const enc = (...s: string[]) => s.map(encodeURIComponent).join('/');

export const e2eName = (what: string) => `e2e-${Date.now()}-${what}`;

async function mgmt(method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${MGMT}/${path}`, { method, headers: { authorization: AUTH, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok && !(method === 'DELETE' && res.status === 404)) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

export const createQueue = (name: string, args: Record<string, unknown> = {}) => mgmt('PUT', `queues/${enc('/', name)}`, { durable: true, arguments: args });
export const deleteQueue = (name: string) => mgmt('DELETE', `queues/${enc('/', name)}`);
export const createExchange = (name: string, type = 'direct') => mgmt('PUT', `exchanges/${enc('/', name)}`, { type, durable: true });
export const deleteExchange = (name: string) => mgmt('DELETE', `exchanges/${enc('/', name)}`);
export const bindQueue = (exchange: string, queue: string, key: string) => mgmt('POST', `bindings/${enc('/')}/e/${enc(exchange)}/q/${enc(queue)}`, { routing_key: key });

export async function publishTo(queue: string, bodies: string[], headers?: Record<string, unknown>): Promise<void> {
  const model = await connect('amqp://guest:guest@127.0.0.1:5672');
  const ch = await model.createConfirmChannel();
  for (const b of bodies) ch.sendToQueue(queue, Buffer.from(b), { headers });
  await ch.waitForConfirms();
  await model.close();
}

/** Publishes through `exchange` into `worker`, then rejects it there so it is dead-lettered into the worker's DLQ. */
export async function deadLetterOne(exchange: string, key: string, worker: string, body: string): Promise<void> {
  const model = await connect('amqp://guest:guest@127.0.0.1:5672');
  const ch = await model.createConfirmChannel();
  ch.publish(exchange, key, Buffer.from(body));
  await ch.waitForConfirms();
  const m = await ch.get(worker, { noAck: false });
  if (!m) throw new Error('nothing to dead-letter');
  ch.nack(m, false, false);
  await ch.close();
  await model.close();
}

/** Message count as the broker node itself reports it. */
export function rabbitCount(queue: string): number {
  const out = execFileSync('rabbitmqctl', ['-q', 'list_queues', '--no-table-headers', '-p', '/', 'name', 'messages'], { encoding: 'utf8' });
  for (const line of out.split('\n')) {
    const tab = line.lastIndexOf('\t');
    if (tab > 0 && line.slice(0, tab) === queue) return Number(line.slice(tab + 1));
  }
  throw new Error(`queue ${queue} not listed`);
}

export const queuePath = (name: string, sub = '') => `/connections/local-rabbitmq/queues/${enc('/', name)}${sub}`;
export const exchangePath = (name: string) => `/connections/local-rabbitmq/exchanges/${enc('/', name)}`;
