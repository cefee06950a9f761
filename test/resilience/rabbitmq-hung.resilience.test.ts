import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getConnection } from '@/app/api/connections/[id]/route';
import { POST as publishRoute } from '@/app/api/connections/[id]/exchanges/[vhost]/[name]/publish/route';
import { GET as getOverview } from '@/app/api/connections/[id]/overview/route';
import { GET as getQueues } from '@/app/api/connections/[id]/queues/route';
import { GET as getQueueRoute } from '@/app/api/connections/[id]/queues/[vhost]/[name]/route';
import type { ConnectionSummary } from '@/lib/contracts/connections';
import type { QueueDetail } from '@/lib/contracts/rabbitmq';
import { getConnectorOf, STATUS_TTL_MS } from '@/server/connections/registry';
import { eventually } from '@/test/support/cli';
import { publishToScratch, rabbitmqNode, scratchMgmt, scratchNode, startScratchNode } from '@/test/support/rabbitmq';

/*
 * A RabbitMQ node of its own (scripts/rabbitmq-node.sh) hung with SIGSTOP while a dashboard keeps polling it: every
 * second several requests at once, as open pages make them. None may wait longer than 5 s, however long the hang
 * lasts and however many requests went unanswered before (no pile-up on the hung sockets), each failure is a 503
 * naming the connection, and once the node runs again everything answers without a restart.
 */
const ID = 'hung-rabbitmq';
const node = scratchNode('wharf-hung');
const queue = `wharf-resilience-${Date.now()}-hung`;
const HANG_MS = 15_000;
const ctx = <P>(params: P) => ({ params: Promise.resolve(params) });
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);
let pid = 0;

type Answer = { what: string; ms: number; status: number; body: unknown };
const poll: Array<[string, () => Promise<Response>]> = [
  ['status', () => getConnection(new Request('http://x'), ctx({ id: ID }))],
  ['overview', () => getOverview(new Request('http://x'), ctx({ id: ID }))],
  ['queue list', () => getQueues(new Request(`http://x/api?vhost=%2F&search=${encodeURIComponent(queue)}`), ctx({ id: ID }))],
  ['queue detail', () => getQueueRoute(new Request('http://x'), ctx({ id: ID, vhost: '/', name: queue }))],
  [
    'publish',
    () =>
      publishRoute(
        new Request('http://x', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ routingKey: queue, payload: 'polled' }) }),
        ctx({ id: ID, vhost: '/', name: 'amq.default' }),
      ),
  ],
];

async function timed(what: string, call: () => Promise<Response>): Promise<Answer> {
  const started = Date.now();
  const res = await call();
  return { what, status: res.status, body: await res.json(), ms: Date.now() - started };
}
const tick = () => Promise.all(poll.map(([what, call]) => timed(what, call)));

describe('a hung RabbitMQ under a polling dashboard', () => {
  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    pid = await startScratchNode(node);
    await scratchMgmt(node, 'PUT', `queues/%2F/${encodeURIComponent(queue)}`, { durable: true, auto_delete: false, arguments: {} });
    await publishToScratch(node, queue, ['one']);
  }, 240_000);
  afterAll(async () => {
    if (pid) process.kill(pid, 'SIGCONT');
    await scratchMgmt(node, 'DELETE', `queues/%2F/${encodeURIComponent(queue)}`).catch(() => undefined);
    await getConnectorOf(ID, 'rabbitmq').close();
    await rabbitmqNode('stop', node.name).catch(() => undefined);
    process.off('unhandledRejection', onUnhandled);
  }, 120_000);

  it('every poll answers within 5 s while hung, each failure a 503 naming the connection; all well after SIGCONT', async () => {
    for (const a of await tick()) expect(a.status, a.what).toBe(200);
    // The status cached from that tick would still say "up": let it expire first.
    await new Promise((r) => setTimeout(r, STATUS_TTL_MS + 200));

    process.kill(pid, 'SIGSTOP');
    const answers: Answer[] = [];
    const hungAt = Date.now();
    try {
      // Ticks start every second whether or not the previous one answered, as a page's polling does.
      const ticks: Array<Promise<Answer[]>> = [];
      while (Date.now() - hungAt < HANG_MS) {
        ticks.push(tick());
        await new Promise((r) => setTimeout(r, 1000));
      }
      for (const t of await Promise.all(ticks)) answers.push(...t);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const slowest = [...answers].sort((a, b) => b.ms - a.ms).slice(0, 5);
    console.info(`while hung ${HANG_MS} ms: ${answers.length} answers; slowest: ${slowest.map((a) => `${a.what} ${a.status} ${a.ms} ms`).join(', ')}`);
    for (const a of answers) {
      expect(a.ms, a.what).toBeLessThan(5000);
      if (a.what === 'status') {
        expect((a.body as ConnectionSummary).status.state, a.what).toBe('down');
        expect((a.body as ConnectionSummary).status.reason, a.what).toContain(`"${ID}"`);
      } else {
        expect(a.status, `${a.what}: ${JSON.stringify(a.body)}`).toBe(503);
        expect((a.body as { error: { message: string } }).error.message, a.what).toContain(`"${ID}"`);
      }
    }

    const resumed = Date.now();
    await eventually(async () => ((await tick()).every((a) => a.status === 200 && (a.what !== 'status' || (a.body as ConnectionSummary).status.state === 'up')) ? true : undefined), 30_000, 500);
    console.info(`all answered 200 again ${Date.now() - resumed} ms after SIGCONT`);
    const detail = (await (await getQueueRoute(new Request('http://x'), ctx({ id: ID, vhost: '/', name: queue }))).json()) as QueueDetail;
    expect(detail.queue.name).toBe(queue);
    expect(unhandled).toEqual([]);
  });
});
