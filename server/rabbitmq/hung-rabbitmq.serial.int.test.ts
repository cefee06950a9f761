import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getConnection } from '@/app/api/connections/[id]/route';
import { GET as getBindings } from '@/app/api/connections/[id]/bindings/route';
import { GET as getExchanges } from '@/app/api/connections/[id]/exchanges/route';
import { POST as publishRoute } from '@/app/api/connections/[id]/exchanges/[vhost]/[name]/publish/route';
import { GET as getOverview } from '@/app/api/connections/[id]/overview/route';
import { GET as getQueues } from '@/app/api/connections/[id]/queues/route';
import { GET as getQueueRoute } from '@/app/api/connections/[id]/queues/[vhost]/[name]/route';
import { POST as inspectRoute } from '@/app/api/connections/[id]/queues/[vhost]/[name]/messages/route';
import { GET as getVhosts } from '@/app/api/connections/[id]/vhosts/route';
import type { ConnectionSummary } from '@/lib/contracts/connections';
import type { InspectResponse } from '@/lib/contracts/rabbitmq-messages';
import { getConnectorOf, STATUS_TTL_MS } from '@/server/connections/registry';
import { eventually } from '@/test/support/cli';
import { publishToScratch, rabbitmqNode, scratchMgmt, scratchNode, startScratchNode } from '@/test/support/rabbitmq';
import { withChannel } from './channel';

/*
 * A hung RabbitMQ (its Erlang VM stopped with SIGSTOP: the kernel still accepts connections on 5673 and 15673, and
 * nothing answers) is worse than a closed port: every client waits for answers that never come. Every read Wharf
 * serves must still answer within 5 s as a 503 naming the connection, again on the second call, and work again once
 * the broker runs, without a restart.
 */
const ID = 'hung-rabbitmq';
const node = scratchNode('wharf-hung');
const queue = `wharf-test-${Date.now()}-hung`;
const U = `http://x/api/connections/${ID}`;
const ctx = <P>(params: P) => ({ params: Promise.resolve(params) });
const json = (body: unknown) => new Request('http://x', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
let pid = 0;
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);

let phase = 'before';

type Call = [string, () => Promise<Response>];
const calls: Call[] = [
  ['overview', () => getOverview(new Request(`${U}/overview`), ctx({ id: ID }))],
  ['vhosts', () => getVhosts(new Request(`${U}/vhosts`), ctx({ id: ID }))],
  ['queue list', () => getQueues(new Request(`${U}/queues?vhost=%2F&search=${encodeURIComponent(queue)}`), ctx({ id: ID }))],
  ['queue detail', () => getQueueRoute(new Request('http://x'), ctx({ id: ID, vhost: '/', name: queue }))],
  ['exchanges', () => getExchanges(new Request(`${U}/exchanges?vhost=%2F`), ctx({ id: ID }))],
  ['bindings', () => getBindings(new Request(`${U}/bindings?vhost=%2F`), ctx({ id: ID }))],
  ['peek', () => inspectRoute(json({ count: 3 }), ctx({ id: ID, vhost: '/', name: queue }))],
  ['publish', () => publishRoute(json({ routingKey: queue, payload: phase }), ctx({ id: ID, vhost: '/', name: 'amq.default' }))],
];

/** The connection's status, past its cache so the broker is really asked; it answers 200 whatever the state. */
async function status(): Promise<{ ms: number; summary: ConnectionSummary }> {
  await new Promise((r) => setTimeout(r, STATUS_TTL_MS));
  const started = Date.now();
  const summary = (await (await getConnection(new Request(U), ctx({ id: ID }))).json()) as ConnectionSummary;
  return { ms: Date.now() - started, summary };
}

async function timed(call: () => Promise<Response>): Promise<{ ms: number; status: number; body: { error?: { code: string; message: string } } }> {
  const started = Date.now();
  const res = await call();
  const body = (await res.json()) as { error?: { code: string; message: string } };
  return { ms: Date.now() - started, status: res.status, body };
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  pid = await startScratchNode(node);
  await scratchMgmt(node, 'PUT', `queues/%2F/${encodeURIComponent(queue)}`, { durable: true, auto_delete: false, arguments: {} });
  await publishToScratch(node, queue, ['one', 'two', 'three']);
}, 240_000);

afterAll(async () => {
  if (pid) process.kill(pid, 'SIGCONT');
  await scratchMgmt(node, 'DELETE', `queues/%2F/${encodeURIComponent(queue)}`).catch(() => undefined);
  await getConnectorOf(ID, 'rabbitmq').close();
  await rabbitmqNode('stop', node.name).catch(() => undefined);
  process.off('unhandledRejection', onUnhandled);
}, 120_000);

describe('a hung RabbitMQ', () => {
  it('answers every read within 5 s with a 503 naming the connection, twice, then recovers by itself', async () => {
    // Everything works first, and the shared AMQP connection is open: a hung broker behind an open socket.
    for (const [what, call] of calls) {
      const { status: code, body } = await timed(call);
      expect(code, `${what}: ${JSON.stringify(body)}`).toBe(200);
    }
    expect((await status()).summary.status.state).toBe('up');

    process.kill(pid, 'SIGSTOP');
    phase = 'while hung';
    const seen: string[] = [];
    try {
      for (const round of ['', ' again']) {
        const s = await status();
        seen.push(`connection status${round}: ${s.summary.status.state} in ${s.ms} ms`);
        expect(s.summary.status.state).toBe('down');
        expect(s.summary.status.reason).toContain(`"${ID}"`);
        expect(s.ms).toBeLessThan(5000);
        for (const [what, call] of calls) {
          const { ms, status, body } = await timed(call);
          seen.push(`${what}${round}: ${status} ${body.error?.code} in ${ms} ms: ${body.error?.message}`);
          expect(status, `${what}${round}: ${JSON.stringify(body)}`).toBe(503);
          expect(body.error?.message, what).toContain(`"${ID}"`);
          expect(ms, `${what}${round}`).toBeLessThan(5000);
        }
        // And the connector's own AMQP path (a channel on the shared connection) outside any route.
        const started = Date.now();
        const direct = await withChannel(getConnectorOf(ID, 'rabbitmq'), '/', `queue "${queue}"`, (ch) => ch.checkQueue(queue)).catch((e: unknown) => e as Error);
        seen.push(`amqp channel${round}: ${direct instanceof Error ? 'failed' : 'answered'} in ${Date.now() - started} ms`);
        expect(direct).toBeInstanceOf(Error);
        expect((direct as Error).message).toContain(`"${ID}"`);
        expect(Date.now() - started).toBeLessThan(5000);
      }
    } finally {
      process.kill(pid, 'SIGCONT');
      console.info(`while hung:\n  ${seen.join('\n  ')}`);
    }

    phase = 'after';
    const resumed = Date.now();
    await eventually(async () => {
      for (const [, call] of calls) if ((await timed(call)).status !== 200) return undefined;
      return (await status()).summary.status.state === 'up' ? true : undefined;
    }, 30_000, 500);
    console.info(`every call answered 200 again ${Date.now() - resumed} ms after SIGCONT`);
    const peek = (await (await inspectRoute(json({ count: 10 }), ctx({ id: ID, vhost: '/', name: queue }))).json()) as InspectResponse;
    // What was there and what was published before and after; nothing sent while hung was published later.
    const bodies = peek.messages.map((m) => m.payload.display);
    expect(bodies.slice(0, 4)).toEqual(['one', 'two', 'three', 'before']);
    expect(bodies).toContain('after');
    expect(bodies).not.toContain('while hung');
    expect(unhandled).toEqual([]);
    // Some 20 calls of up to 4 s each while hung, then the recovery.
  }, 240_000);
});
