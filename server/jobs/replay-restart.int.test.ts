import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { event, killWorkers, spawnWorker, type StoredCheckpoint, type Worker, type WorkerEvent } from '@/test/jobs/job-worker-client';
import { pausableProxy, type PausableProxy } from '@/test/jobs/pausable-proxy';
import { consumeAll, produceNumbered, sourceMessage } from '@/test/jobs/replay-fixtures';
import { eventually } from '@/test/support/cli';
import { BOOTSTRAP, createTopic, deleteTopics, kcatConsume, testAdmin, topicOffsets, uniqueName } from '@/test/support/kafka';
import { withRabbit } from '@/test/support/rabbitmq';

// Enough for several batches however the replay cuts them, so the job is still writing well after its first checkpoints.
const N = 100_000;
const PARTITIONS = 4;
const FILTER = 'value.amount >= 8';
const all = Array.from({ length: N }, (_, i) => sourceMessage(i, PARTITIONS));
const matching = all.filter((m) => m.i % 10 >= 8);

// Messages of about 1 KB: a batch of 5,000 or more is several produce requests, which a kill can split.
const BIG_N = 60_000;
const BIG_PAD = 1000;
const bigSource = uniqueName('restart-big-src');
const bigTarget = uniqueName('restart-big-dst');
const source = uniqueName('restart-src');
const kafkaTarget = uniqueName('restart-dst');
const exchange = uniqueName('restart-x');
const queue = uniqueName('restart-q');
let dataDir = '';
let config = '';
let proxy: PausableProxy;

type CheckpointEvent = { type: 'checkpoint'; checkpoint: StoredCheckpoint };
const checkpoint = (e: WorkerEvent): e is CheckpointEvent => e.type === 'checkpoint';
const writtenMoreThan = (n: number) => (e: WorkerEvent): e is CheckpointEvent => checkpoint(e) && e.checkpoint.counts.written > n;
/** Some messages written and a batch sent but not known to be acknowledged: the worst moment to die. */
const midBatch = (e: WorkerEvent): e is CheckpointEvent => writtenMoreThan(0)(e) && e.checkpoint.inFlight !== null;

/** Starts the replay in a job-runner process of its own. */
async function startReplay(target: Record<string, unknown>) {
  const params = { kind: 'kafka-replay', source: { connection: 'local-kafka', topic: source, filter: FILTER }, target };
  const worker = spawnWorker(dataDir, ['start', JSON.stringify(params)], { WHARF_CONFIG: config });
  const { job } = await worker.next(event('started'));
  return { worker, jobId: job.id };
}

async function kill(worker: Worker) {
  worker.child.kill('SIGKILL');
  expect(await worker.exited).toEqual({ code: null, signal: 'SIGKILL' });
  expect(worker.events.some((e) => e.type === 'done')).toBe(false);
}

/** Resumes the job in a new process on the same store, after `killedAt`; resolves with the checkpoint it resumes from. */
async function resume(jobId: string, killedAt: StoredCheckpoint) {
  const worker = spawnWorker(dataDir, ['resume', jobId], { WHARF_CONFIG: config });
  const found = await worker.next(event('found'));
  // The dead process left it "running"; the new one marks it interrupted and goes on from the stored checkpoint.
  expect(found.job.status).toBe('interrupted');
  expect(found.checkpoint!.counts.written).toBeGreaterThanOrEqual(killedAt.counts.written);
  expect(found.checkpoint!.counts.written).toBeLessThan(matching.length);
  expect((await worker.next(checkpoint)).checkpoint.counts.read).toBeGreaterThan(0);
  return { worker, found: found.checkpoint! };
}

/** Waits for the job to end in `worker`; counts must reconcile over all the processes that ran it. */
async function finished(worker: Worker) {
  const done = (await worker.next(event('done'))).job;
  expect(await worker.exited).toEqual({ code: 0, signal: null });
  expect(done.error).toBeNull();
  expect(done.status).toBe('succeeded');
  // Every message of the range read once, every match written once (a batch sent again is counted once).
  expect(done.progress).toMatchObject({ total: N, read: N, matched: matching.length, written: matching.length, skipped: N - matching.length });
  return done;
}

/**
 * With the broker's answers held back, the job waits for the confirms of its batch in flight: kills it there. Stuck
 * means: the broker answered since the pause (confirms the job never gets), the job sent nothing for a while (its
 * batch is all at the broker), and two checkpoints read after those answers show the same batch in flight.
 */
async function killWhileUnconfirmed(worker: Worker): Promise<StoredCheckpoint> {
  proxy.pause();
  const stuck = await eventually(async () => {
    const { bytes, since } = proxy.held();
    if (since === null || bytes <= 8 || proxy.quietForMs() < 500) return undefined;
    const [a, b] = worker.events.filter((e): e is CheckpointEvent & { at: number } => checkpoint(e) && e.at > since + 100).slice(-2);
    return b && a.checkpoint.inFlight && isDeepStrictEqual(a.checkpoint, b.checkpoint) ? b.checkpoint : undefined;
  }, 30_000, 100);
  await kill(worker);
  proxy.resume();
  return stuck;
}

/** `seqs` holds every matching message, in source order per partition, and `duplicates` repeats besides. */
function expectEveryMatch(seqs: number[], duplicates: number) {
  expect(seqs.length).toBe(matching.length + duplicates);
  const firstSeen = [...new Set(seqs)];
  expect(firstSeen.length).toBe(matching.length);
  for (let p = 0; p < PARTITIONS; p++) {
    expect(firstSeen.filter((i) => i % PARTITIONS === p)).toEqual(matching.filter((m) => m.partition === p).map((m) => m.i));
  }
}

describe('a replay whose job-runner process is SIGKILLed and resumed by a new process', () => {
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'wharf-restart-'));
    proxy = await pausableProxy(5672);
    // The job runners use local Kafka directly, and RabbitMQ's AMQP through the proxy, which the test can stall.
    config = path.join(dataDir, 'wharf.yaml');
    await writeFile(
      config,
      [
        'connections:',
        `  - { id: local-kafka, kind: kafka, brokers: ["${BOOTSTRAP}"] }`,
        `  - { id: proxied-rabbitmq, kind: rabbitmq, amqpUrl: "amqp://127.0.0.1:${proxy.port}", managementUrl: "http://127.0.0.1:15672", username: guest, password: "\${WHARF_TEST_RABBITMQ_PASSWORD}" }`,
        '',
      ].join('\n'),
    );
    await Promise.all([source, kafkaTarget, bigSource, bigTarget].map((t) => createTopic(t, PARTITIONS)));
    await withRabbit(async (ch) => {
      await ch.assertExchange(exchange, 'direct', { durable: false, autoDelete: false });
      await ch.assertQueue(queue, { durable: true });
      await ch.bindQueue(queue, exchange, 'restart');
    });
    // The store's first opening (initdb) is slow: done once, while the source fills.
    const init = spawnWorker(dataDir, ['init'], { WHARF_CONFIG: config });
    await Promise.all([
      produceNumbered(source, N, PARTITIONS),
      // 800 per partition and request keeps each partition's batch under the broker's 1 MiB.
      produceNumbered(bigSource, BIG_N, PARTITIONS, 800, BIG_PAD),
      init.exited.then((r) => expect(r, init.stderr()).toEqual({ code: 0, signal: null })),
    ]);
  }, 180_000);

  afterAll(async () => {
    killWorkers();
    await deleteTopics(source, kafkaTarget, bigSource, bigTarget);
    await withRabbit(async (ch) => {
      await ch.deleteQueue(queue);
      await ch.deleteExchange(exchange);
    }).catch(() => undefined);
    await proxy?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('into Kafka, killed mid-batch: every selected message exactly once, in order, verified by the end offsets', async () => {
    const { worker: first, jobId } = await startReplay({ kind: 'kafka', connection: 'local-kafka', topic: kafkaTarget, partitioning: 'keep' });
    const killedAt = (await first.next(midBatch)).checkpoint;
    await kill(first);
    const { worker: second } = await resume(jobId, killedAt);
    const done = await finished(second);
    // Kafka's end offsets tell whether the batch in flight at the kill landed, so nothing is left in doubt.
    expect(done.result).toMatchObject({ verified: true, possibleDuplicates: 0 });
    const seqs: number[] = [];
    for (let p = 0; p < PARTITIONS; p++) {
      for (const h of await kcatConsume(kafkaTarget, p, 'beginning', '%h\\n')) {
        expect(h).toContain(`wharf-source-partition=${p}`);
        seqs.push(Number(/(?:^|,)seq=(\d+)/.exec(h)?.[1]));
      }
    }
    expectEveryMatch(seqs, 0);
  }, 180_000);

  it('into Kafka, killed while a batch of several produce requests is partly written: only the rest is sent again', async () => {
    const params = { kind: 'kafka-replay', source: { connection: 'local-kafka', topic: bigSource }, target: { kind: 'kafka', connection: 'local-kafka', topic: bigTarget, partitioning: 'keep' } };
    let worker = spawnWorker(dataDir, ['start', JSON.stringify(params)], { WHARF_CONFIG: config });
    const jobId = (await worker.next(event('started'))).job.id;
    // A resumed process first reports the checkpoint it found (its batch in flight already settled): a batch of its
    // own has written more than that.
    let writtenBefore = -1;
    const bigBatchInFlight = (e: WorkerEvent): e is CheckpointEvent | Extract<WorkerEvent, { type: 'done' }> =>
      e.type === 'done' || (checkpoint(e) && e.checkpoint.counts.written > writtenBefore && (e.checkpoint.inFlight?.count ?? 0) >= 5000 && !!e.checkpoint.inFlight?.shares);
    // The kill comes as soon as the target shows part of the batch in flight (its first requests answered), so that
    // the rest is still on its way: how the requests go depends on the machine's load, so it is tried a few times.
    const admin = testAdmin();
    const endsNow = async () => new Map((await topicOffsets(admin, bigTarget)).map((o) => [o.partition, o.high]));
    let partial: { landed: number; sent: number } | null = null;
    const tried: string[] = [];
    try {
      for (let attempt = 0; attempt < 10 && !partial; attempt++) {
        const seen = await worker.next(bigBatchInFlight);
        if (seen.type === 'done') break;
        const watched = seen.checkpoint.inFlight!.shares!;
        const started = Date.now();
        for (;;) {
          const ends = await endsNow();
          const moved = watched.reduce((n, x) => n + ends.get(x.partition)! - x.before, 0);
          if (moved > 0 || Date.now() - started > 10_000) break;
        }
        await kill(worker);
        const ends = await endsNow();
        worker = spawnWorker(dataDir, ['resume', jobId], { WHARF_CONFIG: config });
        const cp = (await worker.next(event('found'))).checkpoint!;
        writtenBefore = cp.counts.written;
        const shares = cp.inFlight?.shares ?? [];
        const perPartition = shares.map((x) => ends.get(x.partition)! - x.before);
        const landed = perPartition.reduce((n, x) => n + x, 0);
        const sent = shares.reduce((n, x) => n + x.count, 0);
        tried.push(`${landed} of ${sent} landed (${perPartition.join('/')}) after ${Date.now() - started} ms`);
        if (landed > 0 && landed < sent) partial = { landed, sent };
      }
    } finally {
      await admin.close();
    }
    expect(partial, `no kill left a batch partly written: ${tried.join('; ')}`).not.toBeNull();
    const done = (await worker.next(event('done'))).job;
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(done.error).toBeNull();
    expect(done.progress).toMatchObject({ total: BIG_N, read: BIG_N, matched: BIG_N, written: BIG_N });
    // Each partition's advance told how much of its share landed: nothing was sent twice, nothing is in doubt.
    expect(done.result, tried.join('; ')).toMatchObject({ verified: true, possibleDuplicates: 0 });
    for (let p = 0; p < PARTITIONS; p++) {
      const seqs = (await kcatConsume(bigTarget, p, 'beginning', '%h\\n')).map((h) => Number(/(?:^|,)seq=(\d+)/.exec(h)?.[1]));
      expect(seqs).toEqual(Array.from({ length: BIG_N / PARTITIONS }, (_, k) => k * PARTITIONS + p));
    }
  }, 180_000);

  it('into RabbitMQ, killed twice after the broker took a batch but before its confirms came: both batches reported as possible duplicates', async () => {
    const { worker: first, jobId } = await startReplay({ kind: 'rabbitmq', connection: 'proxied-rabbitmq', exchange, routingKey: 'restart' });
    await first.next(writtenMoreThan(0));
    const stuck1 = await killWhileUnconfirmed(first);
    const { worker: second, found: found1 } = await resume(jobId, stuck1);
    expect(found1.inFlight, JSON.stringify(first.events.slice(-6))).toEqual(stuck1.inFlight);
    // Past the batch it sent again, it is killed the same way once more.
    await second.next(writtenMoreThan(found1.counts.written));
    const stuck2 = await killWhileUnconfirmed(second);
    const { worker: third, found: found2 } = await resume(jobId, stuck2);
    expect(found2.inFlight, JSON.stringify(second.events.slice(-6))).toEqual(stuck2.inFlight);
    const done = await finished(third);

    // A queue has no end offset to compare with: each interrupted batch is sent again and reported, never more.
    const duplicates = stuck1.inFlight!.count + stuck2.inFlight!.count;
    expect(done.result).toMatchObject({ verified: null, possibleDuplicates: duplicates });
    const depth = await withRabbit(async (ch) => (await ch.checkQueue(queue)).messageCount);
    const got = await consumeAll(queue, depth);
    // The broker had both batches whole: they are in the queue twice, as reported.
    expectEveryMatch(
      got.map((m) => Number(m.properties.headers?.seq)),
      duplicates,
    );
  }, 240_000);
});
