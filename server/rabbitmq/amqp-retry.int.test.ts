import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { rabbitmqConnectionSchema } from '../config/schema';
import { AmqpConnection } from './amqp';

/** A free local port with nothing listening on it (yet). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** A TCP forwarder from `port` to the real RabbitMQ: "the broker comes back" when it starts listening. */
function forwarder(port: number): Promise<net.Server> {
  const server = net.createServer((client) => {
    const upstream = net.connect(5672, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    const end = () => (client.destroy(), upstream.destroy());
    client.on('error', end);
    upstream.on('error', end);
  });
  return new Promise((r) => server.listen(port, '127.0.0.1', () => r(server)));
}

describe('shared AMQP connection while the broker is away', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });

  it('fails fast with the last error while waiting, then reconnects by itself once the broker listens again', async () => {
    const port = await freePort();
    const config = rabbitmqConnectionSchema.parse({ id: 'retry', name: 'retry', kind: 'rabbitmq', amqpUrl: `amqp://127.0.0.1:${port}`, managementUrl: 'http://127.0.0.1:15672' });
    const conn = new AmqpConnection(config);
    cleanup.push(() => conn.close());

    const first = await conn.get().catch((e: unknown) => e);
    expect(first).toBeInstanceOf(Error);
    expect((first as Error).message).toMatch(/AMQP of RabbitMQ connection "retry" is unreachable/);
    // Inside the wait the same error comes back without dialling again.
    expect(await conn.get().catch((e: unknown) => e)).toBe(first);

    const proxy = await forwarder(port);
    cleanup.push(() => new Promise((r) => proxy.close(r)));
    const started = Date.now();
    let model = null;
    while (!model && Date.now() - started < 15_000) {
      model = await conn.get().catch(() => null);
      if (!model) await new Promise((r) => setTimeout(r, 100));
    }
    expect(model).not.toBeNull();
    const ch = await model!.createChannel();
    await ch.checkExchange('amq.direct');
    await ch.close();
  });
});
