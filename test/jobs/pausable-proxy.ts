import net from 'node:net';

/**
 * A TCP relay to a broker whose answers can be held back: paused, the client's bytes still reach the broker, but
 * what the broker sends is kept (and counted) instead of passed on, so a publisher waits for confirms of messages
 * the broker already has.
 */
export type PausableProxy = {
  port: number;
  pause(): void;
  /** Passes on what was held to the clients still connected, and everything after. */
  resume(): void;
  /** Bytes the broker sent since the pause, held back; and when the first of them came (null: none yet). */
  held(): { bytes: number; since: number | null };
  /** ms since a client last sent a byte. */
  quietForMs(): number;
  close(): Promise<void>;
};

export async function pausableProxy(upstreamPort: number, upstreamHost = '127.0.0.1'): Promise<PausableProxy> {
  let paused = false;
  let lastFromClient = Date.now();
  let heldBytes = 0;
  let heldSince: number | null = null;
  const held: Array<{ client: net.Socket; data: Buffer }> = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(upstreamPort, upstreamHost);
    sockets.add(client).add(upstream);
    client.on('data', (d) => {
      lastFromClient = Date.now();
      upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (!paused) return client.write(d);
      held.push({ client, data: d });
      heldBytes += d.length;
      heldSince ??= Date.now();
    });
    // A killed client: what it sent still reaches the broker (end flushes, destroy would drop it).
    const closeUpstream = () => upstream.end();
    client.on('close', closeUpstream);
    client.on('error', closeUpstream);
    upstream.on('close', () => client.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    pause() {
      paused = true;
      heldBytes = 0;
      heldSince = null;
    },
    resume() {
      paused = false;
      for (const { client, data } of held.splice(0)) if (!client.destroyed) client.write(data);
    },
    held: () => ({ bytes: heldBytes, since: heldSince }),
    quietForMs: () => Date.now() - lastFromClient,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}
