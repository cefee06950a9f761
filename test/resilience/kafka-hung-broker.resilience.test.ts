import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getConnection } from '@/app/api/connections/[id]/route';
import { GET as getBrokers } from '@/app/api/connections/[id]/brokers/route';
import { GET as getGroups } from '@/app/api/connections/[id]/consumer-groups/route';
import { GET as getTopics } from '@/app/api/connections/[id]/topics/route';
import type { ConnectionSummary } from '@/lib/contracts/connections';
import type { BrokerList, TopicList } from '@/lib/contracts/kafka';
import { STATUS_TTL_MS } from '@/server/connections/registry';
import { eventually, kafkaCli, repoRoot } from '@/test/support/cli';

/*
 * One broker of the 3-node cluster hung (SIGSTOP: its sockets accept, nothing answers), the first of the bootstrap
 * list, so the client meets it first. Every answer must come within 5 s: served by the other two brokers, or a 503
 * naming the connection; once the cluster fences the hung broker, Wharf serves from the other two; after SIGCONT
 * all three are back, without a restart.
 */
const ID = 'cluster-kafka';
const HUNG_NODE = 1;
const TOPIC = `wharf-resilience-hung-${Date.now()}`;
const cluster = (...args: string[]) => kafkaCli([...args, '--cluster']);
const params = () => ({ params: Promise.resolve({ id: ID }) });
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);
let pid = 0;

type Answer<T> = { what: string; ms: number; status: number; body: T };
/** Every answer while the broker is hung, to check afterwards (an expect inside `eventually` would only retry). */
const answers: Answer<unknown>[] = [];

async function timed<T>(what: string, call: () => Promise<Response>): Promise<Answer<T>> {
  const started = Date.now();
  const res = await call();
  const answer = { what, status: res.status, body: (await res.json()) as T, ms: Date.now() - started };
  answers.push(answer);
  return answer;
}
const status = async () => {
  await new Promise((r) => setTimeout(r, STATUS_TTL_MS));
  return (await timed<ConnectionSummary>('status', () => getConnection(new Request('http://x'), params()))).body;
};
const topics = () => timed<TopicList>('topics', () => getTopics(new Request(`http://x/api?q=${TOPIC}`), params()));
const brokers = () => timed<BrokerList>('brokers', () => getBrokers(new Request('http://x'), params()));
const groups = () => timed<unknown>('consumer groups', () => getGroups(new Request('http://x'), params()));

describe('a 3-node Kafka cluster with one broker hung', () => {
  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    await cluster('start');
    await cluster('topics', '--create', '--topic', TOPIC, '--partitions', '3', '--replication-factor', '3');
    pid = Number(readFileSync(path.join(repoRoot, `.data/kafka/cluster/node${HUNG_NODE}.pid`), 'utf8'));
  }, 180_000);
  afterAll(async () => {
    if (pid) process.kill(pid, 'SIGCONT');
    await cluster('start');
    await cluster('topics', '--delete', '--topic', TOPIC).catch(() => undefined);
    process.off('unhandledRejection', onUnhandled);
  }, 180_000);

  it('starts healthy', async () => {
    expect((await status()).status.state).toBe('up');
    await eventually(async () => ((await topics()).body.topics.find((t) => t.name === TOPIC)?.underReplicated === 0 ? true : undefined), 60_000, 1000);
    expect((await brokers()).body.brokers).toHaveLength(3);
  });

  it('broker hung: every answer within 5 s, served or a 503 naming the connection; then served by the other two', async () => {
    answers.length = 0;
    process.kill(pid, 'SIGSTOP');
    const hungAt = Date.now();
    try {
      // Served again once the controller fenced the hung broker (its session runs out) and metadata drops it.
      await eventually(
        async () => {
          const [t, b] = [await topics(), await brokers()];
          await groups();
          await status();
          return t.status === 200 && !t.body.staleReason && b.status === 200 && b.body.brokers.length === 2 ? true : undefined;
        },
        90_000,
        500,
      );
      console.info(`served by the two others ${Date.now() - hungAt} ms after SIGSTOP`);
    } finally {
      const slowest = [...answers].sort((a, b) => b.ms - a.ms).slice(0, 5);
      console.info(`while hung: ${answers.length} answers, ${answers.filter((a) => a.status === 503).length} of them 503; slowest: ${slowest.map((a) => `${a.what} ${a.status} ${a.ms} ms`).join(', ')}`);
    }
    for (const a of answers) {
      expect(a.ms, `${a.what}: ${a.status}`).toBeLessThan(5000);
      expect([200, 503], `${a.what}: ${JSON.stringify(a.body)}`).toContain(a.status);
      if (a.status === 503) expect((a.body as { error: { message: string } }).error.message, a.what).toContain(`"${ID}"`);
    }
    expect((await brokers()).body.brokers.map((b) => b.id)).not.toContain(HUNG_NODE);
  });

  it('broker resumed: all three back, nothing under-replicated, no restart, no unhandled rejection', async () => {
    process.kill(pid, 'SIGCONT');
    await eventually(async () => ((await brokers()).body.brokers?.length === 3 ? true : undefined), 120_000, 1000);
    await eventually(async () => {
      const t = await topics();
      return t.status === 200 && t.body.staleReason === null && t.body.topics.find((x) => x.name === TOPIC)?.underReplicated === 0 ? true : undefined;
    }, 120_000, 1000);
    expect((await status()).status.state).toBe('up');
    expect(unhandled).toEqual([]);
  });
});
