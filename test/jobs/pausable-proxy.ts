import net from 'node:net';

/**
 * A TCP relay to a broker whose answers can be held back: paused, the client's bytes still reach the broker but
 * nothing comes back (a publisher then waits for confirms of messages the broker already has).
 */
export type PausableProxy = { port: number; pause(): void; resume(): void; /** ms since the client last sent a byte. */ quietForMs(): number; close(): Promise<void> };

export async function pausableProxy(upstreamPort: number, upstreamHost = '127.0.0.1'): Promise<PausableProxy> {
  let paused = false;
  let lastFromClient = Date.now();
  const upstreams = new Set<net.Socket>();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(upstreamPort, upstreamHost);
    upstreams.add(upstream);
    sockets.add(client).add(upstream);
    if (paused) upstream.pause();
    client.on('data', (d) => {
      lastFromClient = Date.now();
      upstream.write(d);
    });
    upstream.on('data', (d) => client.write(d));
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
      upstreams.forEach((u) => u.pause());
    },
    resume() {
      paused = false;
      upstreams.forEach((u) => u.resume());
    },
    quietForMs: () => Date.now() - lastFromClient,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}
