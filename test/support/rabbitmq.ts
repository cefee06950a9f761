import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import amqp, { type Options } from 'amqplib';
import { repoRoot } from './cli';

const run = promisify(execFile);

export const AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

/** Runs `fn` on a confirm channel of a connection of its own, then closes it. */
export async function withRabbit<T>(fn: (ch: amqp.ConfirmChannel) => Promise<T>): Promise<T> {
  const conn = await amqp.connect(AMQP_URL);
  try {
    const ch = await conn.createConfirmChannel();
    return await fn(ch);
  } finally {
    await conn.close();
  }
}

export async function publishMany(queue: string, bodies: Array<{ content: string; options?: Options.Publish }>): Promise<void> {
  await withRabbit(async (ch) => {
    for (const b of bodies) ch.sendToQueue(queue, Buffer.from(b.content), b.options);
    await ch.waitForConfirms();
  });
}

export async function queueDepth(queue: string): Promise<number> {
  return withRabbit(async (ch) => (await ch.checkQueue(queue)).messageCount);
}

/** Takes every message out of a queue (acking them) and returns their bodies and headers. */
export async function drainQueue(queue: string): Promise<Array<{ content: string; headers: Record<string, unknown>; messageId?: string }>> {
  return withRabbit(async (ch) => {
    const out: Array<{ content: string; headers: Record<string, unknown>; messageId?: string }> = [];
    for (;;) {
      const m = await ch.get(queue, { noAck: true });
      if (m === false) return out;
      out.push({ content: m.content.toString(), headers: m.properties.headers ?? {}, messageId: m.properties.messageId });
    }
  });
}

/** A scratch RabbitMQ node of a test's own (scripts/rabbitmq-node.sh), which it may stop or freeze with SIGSTOP. */
export type ScratchNode = { name: string; amqpUrl: string; managementUrl: string };

/** The node scripts/rabbitmq-node.sh runs as `name` on its default ports (AMQP 5673, management 15673). */
export function scratchNode(name: string): ScratchNode {
  return { name, amqpUrl: 'amqp://guest:guest@127.0.0.1:5673', managementUrl: 'http://127.0.0.1:15673' };
}

/** Runs scripts/rabbitmq-node.sh <command> <name>; its stdout. */
export async function rabbitmqNode(command: 'start' | 'stop' | 'pid' | 'status' | 'reset', name: string): Promise<string> {
  const { stdout } = await run('bash', [path.join(repoRoot, 'scripts/rabbitmq-node.sh'), command, name], { timeout: 180_000 });
  return stdout.trim();
}

/** Starts the scratch node and returns the OS pid of its Erlang VM. */
export async function startScratchNode(node: ScratchNode): Promise<number> {
  await rabbitmqNode('start', node.name);
  return Number(await rabbitmqNode('pid', node.name));
}

/** The scratch node's management API, as guest. */
export async function scratchMgmt(node: ScratchNode, method: string, apiPath: string, body?: unknown): Promise<void> {
  const res = await fetch(`${node.managementUrl}/api/${apiPath}`, {
    method,
    headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok && !(method === 'DELETE' && res.status === 404)) throw new Error(`${method} ${apiPath}: ${res.status} ${await res.text()}`);
}

/** Publishes bodies to a queue of the scratch node and waits for the confirms. */
export async function publishToScratch(node: ScratchNode, queue: string, bodies: string[]): Promise<void> {
  const conn = await amqp.connect(node.amqpUrl);
  try {
    const ch = await conn.createConfirmChannel();
    for (const b of bodies) ch.sendToQueue(queue, Buffer.from(b));
    await ch.waitForConfirms();
  } finally {
    await conn.close();
  }
}
