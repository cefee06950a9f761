import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getJobRoute, DELETE as cancelJobRoute } from '@/app/api/jobs/[jobId]/route';
import { POST as resumeJobRoute } from '@/app/api/jobs/[jobId]/resume/route';
import { POST as startJobRoute } from '@/app/api/jobs/route';
import { emptyProgress, kafkaReplayParamsSchema, type Job } from '@/lib/contracts/jobs';
import { eventually } from '@/test/support/cli';
import { BOOTSTRAP, createTopic, deleteTopics, kcatConsume, produce, uniqueName } from '@/test/support/kafka';

/** Writes `input` (one message a line) with kcat -P, librdkafka's producer. */
function kcatProduce(args: string[], input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', ['-b', BOOTSTRAP, '-P', ...args], { stdio: ['pipe', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`kcat -P exited with ${code}`))));
    child.stdin.end(input);
  });
}
import { kafkaReplay } from './kafka-replay';

const N = 100_000;
const PARTITIONS = 4;
const source = uniqueName('replay-src');
const target = uniqueName('replay-dst');
const target2 = uniqueName('replay-dst2');
const crashTarget = uniqueName('replay-crash');
const keyedTarget = uniqueName('replay-keyed');
const keyedReference = uniqueName('replay-keyed-kcat');

const value = (i: number) => JSON.stringify({ i, amount: i % 10, kind: i % 3 === 0 ? 'refund' : 'order' });
const isMatch = (i: number) => i % 10 >= 7; // filter: value.amount >= 7

async function call(res: Promise<Response>) {
  const r = await res;
  return { status: r.status, body: (await r.json()) as Job & { error?: { message: string } } };
}
const start = (body: unknown) => call(startJobRoute(new Request('http://x/api/jobs', { method: 'POST', body: JSON.stringify(body) }), { params: Promise.resolve({}) }));
const job = (jobId: string) => call(getJobRoute(new Request('http://x'), { params: Promise.resolve({ jobId }) }));
const finished = (jobId: string) => eventually(async () => ((await job(jobId)).body.status !== 'running' ? (await job(jobId)).body : undefined), 180_000, 200);

function replay(extra: Record<string, unknown> = {}, to = target) {
  return {
    params: {
      kind: 'kafka-replay',
      source: { connection: 'local-kafka', topic: source, filter: 'value.amount >= 7' },
      target: { kind: 'kafka', connection: 'local-kafka', topic: to, partitioning: 'keep' },
      ...extra,
    },
  };
}

describe('Kafka replay as a job', () => {
  beforeAll(async () => {
    await createTopic(source, PARTITIONS);
    await createTopic(target, PARTITIONS);
    await createTopic(target2, PARTITIONS);
    await createTopic(crashTarget, PARTITIONS);
    await createTopic(keyedTarget, 6);
    await createTopic(keyedReference, 6);
    await produce(
      source,
      Array.from({ length: N }, (_, i) => ({ partition: i % PARTITIONS, key: `k${i}`, value: value(i), headers: { seq: String(i), 'content-type': 'application/json' } })),
    );
  }, 180_000);
  afterAll(() => deleteTopics(source, target, target2, crashTarget, keyedTarget, keyedReference));

  it('a dry run counts what the range and filter select and writes nothing', async () => {
    const { status, body } = await start({ ...replay(), dryRun: true });
    expect(status).toBe(201);
    const done = await finished(body.id);
    expect(done.status).toBe('succeeded');
    expect(done.progress).toMatchObject({ total: N, read: N, matched: N * 0.3, written: 0 });
    expect(await kcatConsume(target, 0, 'beginning')).toHaveLength(0);
  });

  it('replays 100,000 messages with a filter: exactly the matching ones, equal and in order, verified', async () => {
    const { body } = await start(replay());
    const done = await finished(body.id);
    expect(done.status).toBe('succeeded');
    expect(done.progress).toMatchObject({ read: N, matched: N * 0.3, written: N * 0.3, confirmed: N * 0.3 });
    expect(done.result).toMatchObject({ verified: true, possibleDuplicates: 0 });
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const lines = await kcatConsume(target, partition, 'beginning', '%k|%s|%h\\n');
      const expected = Array.from({ length: N }, (_, i) => i).filter((i) => i % PARTITIONS === partition && isMatch(i));
      expect(lines.length).toBe(expected.length);
      lines.forEach((line, j) => {
        const i = expected[j];
        const [key, val, headers] = line.split('|');
        expect(key).toBe(`k${i}`);
        expect(val).toBe(value(i));
        expect(headers).toContain(`seq=${i}`);
        expect(headers).toContain(`wharf-source-offset=${Math.floor(i / PARTITIONS)}`);
      });
    }
  });

  it('routes by key as Java clients do: each key lands in the partition librdkafka\'s murmur2 partitioner picks', async () => {
    const { body } = await start({
      params: {
        kind: 'kafka-replay',
        source: { connection: 'local-kafka', topic: source, to: { offset: 500 } },
        target: { kind: 'kafka', connection: 'local-kafka', topic: keyedTarget, partitioning: 'key' },
      },
    });
    const done = await finished(body.id);
    expect(done.status).toBe('succeeded');
    expect(done.progress.written).toBe(500 * PARTITIONS);
    const keys = Array.from({ length: 500 * PARTITIONS }, (_, i) => `k${i}`);
    await kcatProduce(['-t', keyedReference, '-K', '|', '-X', 'partitioner=murmur2_random'], keys.map((k) => `${k}|x`).join('\n') + '\n');
    const placed = async (topic: string) =>
      new Map((await Promise.all(Array.from({ length: 6 }, (_, p) => kcatConsume(topic, p, 'beginning', '%k\\n')))).flatMap((list, p) => list.map((k) => [k, p] as const)));
    const [ours, theirs] = await Promise.all([placed(keyedTarget), placed(keyedReference)]);
    expect(ours.size).toBe(keys.length);
    expect(new Set(ours.values()).size).toBe(6);
    expect(ours).toEqual(theirs);
  });

  it('refuses bad requests clearly', async () => {
    const same = await start({ params: { ...replay().params, target: { kind: 'kafka', connection: 'local-kafka', topic: source } } });
    expect(same.status).toBe(400);
    expect(same.body.error?.message).toMatch(/into itself/);
    const missing = await start(replay({}, uniqueName('nope')));
    expect(missing.status).toBe(404);
    expect(missing.body.error?.message).toMatch(/createTopic/);
    const readOnly = await start({ params: { ...replay().params, target: { kind: 'kafka', connection: 'readonly-kafka', topic: target } } });
    expect(readOnly.status).toBe(403);
    const filter = await start({ params: { ...replay().params, source: { connection: 'local-kafka', topic: source, filter: 'value.amount >=' } } });
    expect(filter.status).toBe(400);
    expect(filter.body.error?.message).toMatch(/Invalid filter at column/);
    const past = await start({ params: { ...replay().params, source: { connection: 'local-kafka', topic: source, from: { offset: 10_000_000 } } } });
    expect(past.status).toBe(400);
  });

  it('is cancelled at a batch boundary and resumed from its checkpoint to the exact result', async () => {
    const { body } = await start(replay({ source: { connection: 'local-kafka', topic: source } }, target2));
    await eventually(async () => ((await job(body.id)).body.progress.written > 0 ? true : undefined), 60_000, 20);
    const cancelled = await call(cancelJobRoute(new Request('http://x'), { params: Promise.resolve({ jobId: body.id }) }));
    expect(cancelled.status).toBe(200);
    const stopped = await finished(body.id);
    expect(stopped.status).toBe('cancelled');
    expect(stopped.progress.written).toBeLessThan(N);
    await call(resumeJobRoute(new Request('http://x', { method: 'POST' }), { params: Promise.resolve({ jobId: body.id }) }));
    const done = await finished(body.id);
    expect(done.status).toBe('succeeded');
    expect(done.progress.written).toBe(N);
    expect(done.result).toMatchObject({ verified: true, possibleDuplicates: 0 });
    const total = (await Promise.all([0, 1, 2, 3].map((p) => kcatConsume(target2, p, 'beginning')))).flat().length;
    expect(total).toBe(N);
  });

  it('after a crash between an acknowledged write and its checkpoint, resuming neither loses nor duplicates', async () => {
    const params = kafkaReplayParamsSchema.parse(replay({}, crashTarget).params);
    let saved: unknown = null;
    let checkpoints = 0;
    const crash = new Error('simulated crash');
    const ctx = (resumeFrom: unknown) => ({
      id: 'job-crash-test',
      params,
      dryRun: false,
      resumeFrom,
      signal: new AbortController().signal,
      progress: () => undefined,
      checkpoint: async (state: unknown) => {
        checkpoints++;
        const snapshot = JSON.parse(JSON.stringify(state)) as { inFlight: unknown };
        // Die right after the third batch was sent: its checkpoint still says "in flight".
        if (checkpoints > 8 && snapshot.inFlight === null && saved && (saved as { inFlight: unknown }).inFlight) throw crash;
        saved = snapshot;
      },
    });
    await expect(kafkaReplay.run(ctx(null))).rejects.toBe(crash);
    expect((saved as { inFlight: unknown }).inFlight).not.toBeNull();
    checkpoints = -1_000_000;
    const result = await kafkaReplay.run(ctx(saved));
    expect(result).toMatchObject({ verified: true, possibleDuplicates: 0 });
    const total = (await Promise.all([0, 1, 2, 3].map((p) => kcatConsume(crashTarget, p, 'beginning')))).flat().length;
    expect(total).toBe(N * 0.3);
    expect(emptyProgress().written).toBe(0);
  });
});
