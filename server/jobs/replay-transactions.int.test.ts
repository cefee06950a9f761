import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ProduceAcks, Producer } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getJobRoute } from '@/app/api/jobs/[jobId]/route';
import { POST as startJobRoute } from '@/app/api/jobs/route';
import type { Job } from '@/lib/contracts/jobs';
import { eventually } from '@/test/support/cli';
import { BOOTSTRAP, createTopic, deleteTopics, kcatConsume, testClientOptions, testProducer, uniqueName } from '@/test/support/kafka';

const run = promisify(execFile);
type Transaction = Awaited<ReturnType<Producer['beginTransaction']>>;
const PARTITIONS = 3;
const source = uniqueName('replay-txn-src');
const target = uniqueName('replay-txn-dst');
const openTarget = uniqueName('replay-txn-open');

async function call(res: Promise<Response>) {
  const r = await res;
  return { status: r.status, body: (await r.json()) as Job & { error?: { message: string } } };
}
const start = (body: unknown) => call(startJobRoute(new Request('http://x/api/jobs', { method: 'POST', body: JSON.stringify(body) }), { params: Promise.resolve({}) }));
const job = (jobId: string) => call(getJobRoute(new Request('http://x'), { params: Promise.resolve({ jobId }) }));
const finished = (jobId: string) => eventually(async () => ((await job(jobId)).body.status !== 'running' ? (await job(jobId)).body : undefined), 180_000, 200);
const replayInto = (to: string) => ({ params: { kind: 'kafka-replay', source: { connection: 'local-kafka', topic: source }, target: { kind: 'kafka', connection: 'local-kafka', topic: to, partitioning: 'keep' } } });

/** Every record of a partition, transactions' records included whatever became of them (kcat reads committed by default). */
async function kcatUncommitted(topic: string, partition: number): Promise<string[]> {
  const { stdout } = await run('kcat', ['-b', BOOTSTRAP, '-C', '-t', topic, '-p', String(partition), '-o', 'beginning', '-e', '-q', '-X', 'isolation.level=read_uncommitted', '-f', '%s\\n'], {
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  return stdout.split('\n').filter(Boolean);
}

const transactional = (label: string) => new Producer({ ...testClientOptions(`wharf-test-${label}`), idempotent: true, transactionalId: uniqueName(label), acks: ProduceAcks.ALL });
const messages = (label: string, from: number, n: number) => Array.from({ length: n }, (_, j) => ({ topic: source, partition: (from + j) % PARTITIONS, key: Buffer.from(`${label}-${from + j}`), value: Buffer.from(`${label}-${from + j}`) }));

/**
 * Two transactional producers write in turns, each transaction spread over every partition and interleaved with the
 * other's and with plain writes, one committing while the other aborts; one aborted transaction is larger than a
 * replay's first batches. A replay must copy exactly what a read-committed consumer (kcat) reads: no record of an
 * aborted transaction, no transaction marker, nothing of a transaction still open when it starts.
 */
describe('a replay of a topic written by transactional producers', () => {
  const a = transactional('txn-a');
  const b = transactional('txn-b');
  const plain = testProducer('wharf-test-txn-plain');
  let open: Transaction | null = null;

  beforeAll(async () => {
    await Promise.all([createTopic(source, PARTITIONS), createTopic(target, PARTITIONS), createTopic(openTarget, PARTITIONS)]);
    for (let round = 0; round < 6; round++) {
      const [ta, tb] = [await a.beginTransaction(), await b.beginTransaction()];
      await ta.send({ messages: messages(`a${round}`, 0, 150) });
      await tb.send({ messages: messages(`b${round}`, 0, 90) });
      await plain.send({ messages: messages(`p${round}`, 0, 30) });
      await ta.send({ messages: messages(`a${round}`, 150, 150) });
      await tb.send({ messages: messages(`b${round}`, 90, 90) });
      if (round % 2 === 0) await Promise.all([ta.commit(), tb.abort()]);
      else await Promise.all([ta.abort(), tb.commit()]);
    }
    const big = await a.beginTransaction();
    for (let from = 0; from < 9000; from += 3000) await big.send({ messages: messages('big', from, 3000) });
    await big.abort();
    await plain.send({ messages: messages('tail', 0, 30) });
  }, 180_000);

  afterAll(async () => {
    await open?.abort().catch(() => undefined);
    await Promise.all([a.close(), b.close(), plain.close()]);
    await deleteTopics(source, target, openTarget);
  });

  it('copies exactly the committed records, in order per partition, and no control record', async () => {
    const committed = await Promise.all(Array.from({ length: PARTITIONS }, (_, p) => kcatConsume(source, p, 'beginning', '%s\\n')));
    const everything = await Promise.all(Array.from({ length: PARTITIONS }, (_, p) => kcatUncommitted(source, p)));
    const total = committed.flat().length;
    // What kcat reads committed: 3 committed transactions of each producer (900 + 540) and the plain writes (210).
    expect(total).toBe(3 * 300 + 3 * 180 + 6 * 30 + 30);
    expect(everything.flat().length).toBe(total + 3 * 300 + 3 * 180 + 9000);

    const { status, body } = await start(replayInto(target));
    expect(status).toBe(201);
    const done = await finished(body.id);
    expect(done.status).toBe('succeeded');
    expect(done.progress).toMatchObject({ read: total, matched: total, written: total });
    expect(done.result).toMatchObject({ verified: true, possibleDuplicates: 0 });
    for (let p = 0; p < PARTITIONS; p++) {
      // Read uncommitted, so that anything of an aborted transaction the replay had written would show; and offsets
      // run 0..n-1, so the target holds no marker either (the writer is not transactional: none would be expected).
      const copied = await kcatUncommitted(target, p);
      expect(copied).toEqual(committed[p]);
      expect(await kcatConsume(target, p, 'beginning', '%o\\n')).toEqual(committed[p].map((_, i) => String(i)));
    }
    expect((await kcatConsume(target, 0, 'beginning', '%s\\n')).some((v) => v.startsWith('big-') || v.startsWith('b0-') || v.startsWith('a1-'))).toBe(false);
  });

  it('ends at the last stable offset: a transaction open when the replay starts is not copied, and the replay does not wait for it', async () => {
    open = await b.beginTransaction();
    await open.send({ messages: messages('open', 0, 60) });
    await plain.send({ messages: messages('after-open', 0, 30) });
    const committedBefore = (await Promise.all(Array.from({ length: PARTITIONS }, (_, p) => kcatConsume(source, p, 'beginning', '%s\\n')))).flat();
    const { body } = await start(replayInto(openTarget));
    const done = await finished(body.id);
    expect(done.status).toBe('succeeded');
    const copied = (await Promise.all(Array.from({ length: PARTITIONS }, (_, p) => kcatUncommitted(openTarget, p)))).flat();
    // The plain writes after the open transaction's first record are past the last stable offset too.
    expect(copied.some((v) => v.startsWith('open-') || v.startsWith('after-open-'))).toBe(false);
    expect(copied.sort()).toEqual(committedBefore.filter((v) => !v.startsWith('after-open-')).sort());
    expect(done.result).toMatchObject({ verified: true });
    await open.commit();
    open = null;
  });
});
