import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getConnection } from '@/app/api/connections/[id]/route';
import { GET as getBrokers } from '@/app/api/connections/[id]/brokers/route';
import { GET as getTopics } from '@/app/api/connections/[id]/topics/route';
import type { ConnectionSummary } from '@/lib/contracts/connections';
import type { BrokerList, TopicList } from '@/lib/contracts/kafka';
import { STATUS_TTL_MS } from '@/server/connections/registry';
import { eventually, kafkaCli } from '@/test/support/cli';

const ID = 'cluster-kafka';
const TOPIC = `wharf-resilience-${Date.now()}`;
const cluster = (...args: string[]) => kafkaCli([...args, '--cluster']);
const params = (extra: Record<string, string> = {}) => ({ params: Promise.resolve({ id: ID, ...extra }) });
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);

/** Calls a route and checks the rule of the outage: an answer within 5 s, never a hang. */
async function timed<T>(call: () => Promise<Response>): Promise<{ status: number; body: T }> {
  const started = Date.now();
  const res = await call();
  const body = (await res.json()) as T;
  expect(Date.now() - started).toBeLessThan(5000);
  return { status: res.status, body };
}
const status = async () => {
  await new Promise((r) => setTimeout(r, STATUS_TTL_MS));
  return (await timed<ConnectionSummary>(() => getConnection(new Request('http://x'), params()))).body;
};
const topics = () => timed<TopicList>(() => getTopics(new Request(`http://x/api?q=${TOPIC}`), params()));
const brokers = () => timed<BrokerList>(() => getBrokers(new Request('http://x'), params()));

describe('a 3-node Kafka cluster losing brokers while Wharf is in use', () => {
  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    await cluster('start');
    await cluster('topics', '--create', '--topic', TOPIC, '--partitions', '3', '--replication-factor', '3');
  }, 180_000);
  afterAll(async () => {
    await cluster('start');
    await cluster('topics', '--delete', '--topic', TOPIC).catch(() => undefined);
    process.off('unhandledRejection', onUnhandled);
  }, 180_000);

  it('starts healthy: three brokers, no under-replicated partitions', async () => {
    expect((await status()).status.state).toBe('up');
    await eventually(async () => ((await topics()).body.topics.find((t) => t.name === TOPIC)?.underReplicated === 0 ? true : undefined), 60_000, 1000);
    expect((await brokers()).body.brokers).toHaveLength(3);
  });

  it('one broker stopped: still up, the broker gone from the list, partitions under-replicated', async () => {
    await kafkaCli(['stop', '--cluster', '--node', '2']);
    const s = await eventually(async () => {
      const now = await status();
      return now.counts?.kind === 'kafka' && now.counts.brokers === 2 ? now : undefined;
    }, 60_000, 500);
    expect(s.status.state).toBe('up');
    await eventually(async () => ((await brokers()).body.brokers.map((b) => b.id).sort().join() === '1,3' ? true : undefined), 60_000, 1000);
    const row = await eventually(async () => {
      const t = (await topics()).body.topics.find((x) => x.name === TOPIC);
      return t && t.underReplicated > 0 ? t : undefined;
    }, 90_000, 1000);
    expect(row.offline).toBe(0);
  });

  it('all brokers stopped: every answer within 5 s, the connection down and named', async () => {
    await kafkaCli(['stop', '--cluster']);
    const down = await eventually(async () => {
      const s = await status();
      return s.status.state === 'down' ? s : undefined;
    }, 30_000, 500);
    expect(down.status.reason).toContain(ID);
    // Served from the last snapshot until a background refresh fails, then marked stale with the reason (or 503).
    await eventually(async () => {
      const b = await brokers();
      expect([200, 503]).toContain(b.status);
      if (b.status === 503) expect(JSON.stringify(b.body)).toContain(ID);
      const t = await topics();
      return t.status === 503 || t.body.staleReason ? true : undefined;
    }, 90_000, 1000);
  });

  it('brokers back: Wharf recovers by itself, no restart, no unhandled rejection', async () => {
    await cluster('start');
    await eventually(async () => ((await status()).status.state === 'up' ? true : undefined), 120_000, 1000);
    await eventually(async () => ((await brokers()).body.brokers?.length === 3 ? true : undefined), 120_000, 1000);
    await eventually(async () => {
      const t = await topics();
      return t.status === 200 && t.body.staleReason === null && t.body.topics.find((x) => x.name === TOPIC)?.underReplicated === 0 ? true : undefined;
    }, 120_000, 1000);
    expect(unhandled).toEqual([]);
  });
});
