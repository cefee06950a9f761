import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Producer } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as producersRoute from '@/app/api/connections/[id]/topics/[topic]/producers/route';
import * as listRoute from '@/app/api/connections/[id]/transactions/route';
import type { OpenTransaction, TopicProducers, TransactionList } from '@/lib/contracts/transactions';
import { kafkaTool, parseTable, waitUntil } from '@/test/kafka/kafka-tool';
import { BOOTSTRAP, createTopic, deleteTopics, testClientOptions, uniqueName } from '@/test/support/kafka';

/*
 * A real transactional producer begins a transaction, writes to two partitions and leaves it open: Wharf must show
 * it Ongoing with its partitions and age, each partition's last stable offset held at the transaction's first
 * offset, and HW - LSO = the records written; Kafka's kafka-transactions tool and kcat (read_committed against
 * read_uncommitted) must agree. Once committed it is no longer open and LSO = HW. Kafka 3.9 and 4.4 alike.
 */

const run = promisify(execFile);
/** The library does not export its Transaction class: the type of what beginTransaction gives. */
type Transaction = Awaited<ReturnType<Producer['beginTransaction']>>;
const ctx = <P>(params: P) => ({ params: Promise.resolve(params) });
const CONNECTION = 'local-kafka';
const TRANSACTIONS_COMMAND = 'org.apache.kafka.tools.TransactionsCommand';
// Long enough that the coordinator does not abort it while the slow CLI tools run (the broker allows up to 15 min).
const TIMEOUT_MS = 300_000;

async function transactions(): Promise<TransactionList> {
  const res = await listRoute.GET(new Request('http://x'), ctx({ id: CONNECTION }));
  if (res.status !== 200) throw new Error(`transactions: ${res.status} ${await res.text()}`);
  return res.json();
}

async function producers(topic: string): Promise<TopicProducers> {
  const res = await producersRoute.GET(new Request('http://x'), ctx({ id: CONNECTION, topic }));
  if (res.status !== 200) throw new Error(`producers of ${topic}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Records of a partition a consumer at this isolation level sees, read to the end with kcat. */
async function kcatCount(topic: string, partition: number, isolation: 'read_committed' | 'read_uncommitted'): Promise<number> {
  const { stdout } = await run('kcat', ['-b', BOOTSTRAP, '-C', '-t', topic, '-p', String(partition), '-o', 'beginning', '-e', '-q', '-X', `isolation.level=${isolation}`, '-f', '%o\\n'], { timeout: 60_000 });
  return stdout.split('\n').filter(Boolean).length;
}

describe('open transactions and active producers', () => {
  const topic = uniqueName('tx-topic');
  const transactionalId = uniqueName('tx-id');
  let producer: Producer;
  let txn: Transaction | null = null;
  let openedAt = 0;

  beforeAll(async () => {
    await createTopic(topic, 3);
    producer = new Producer({ ...testClientOptions('wharf-test-tx'), idempotent: true, transactionalId, acks: -1, timeout: TIMEOUT_MS });
    openedAt = Date.now();
    txn = await producer.beginTransaction();
    await txn.send({
      messages: [
        ...Array.from({ length: 3 }, (_, i) => ({ topic, partition: 0, value: Buffer.from(`p0-${i}`) })),
        ...Array.from({ length: 2 }, (_, i) => ({ topic, partition: 1, value: Buffer.from(`p1-${i}`) })),
      ],
    });
  });

  afterAll(async () => {
    if (txn && !txn.completed) await txn.abort().catch(() => undefined);
    await producer?.close();
    await deleteTopics(topic);
  });

  it('shows the transaction Ongoing with its partitions, age and timeout, as kafka-transactions describes it', async () => {
    const list = await transactions();
    const t = list.open.find((x) => x.transactionalId === transactionalId) as OpenTransaction;
    expect(t).toBeDefined();
    expect(t).toMatchObject({ state: 'Ongoing', timeoutMs: TIMEOUT_MS, overdue: false, error: null });
    expect(t.partitions.map((p) => [p.topic, p.partition])).toEqual([
      [topic, 0],
      [topic, 1],
    ]);
    expect(Date.parse(t.startedAt!)).toBeGreaterThanOrEqual(openedAt - 1000);
    expect(t.ageMs).toBeGreaterThanOrEqual(0);
    expect(list.states.Ongoing).toBeGreaterThanOrEqual(1);
    expect(list.brokersFailed).toEqual([]);

    const [d] = parseTable(await kafkaTool(TRANSACTIONS_COMMAND, ['describe', '--transactional-id', transactionalId]), 'CoordinatorId');
    expect({ coordinator: t.coordinator, producerId: t.producerId, producerEpoch: t.producerEpoch, state: t.state, timeoutMs: t.timeoutMs, startedAt: t.startedAt }).toEqual({
      coordinator: Number(d.CoordinatorId),
      producerId: d.ProducerId,
      producerEpoch: Number(d.ProducerEpoch),
      state: d.TransactionState,
      timeoutMs: Number(d.TransactionTimeoutMs),
      startedAt: new Date(Number(d.CurrentTransactionStartTimeMs)).toISOString(),
    });
    expect(d.TopicPartitions.split(',').sort()).toEqual([`${topic}-0`, `${topic}-1`]);
    const listed = parseTable(await kafkaTool(TRANSACTIONS_COMMAND, ['list']), 'TransactionalId').find((r) => r.TransactionalId === transactionalId);
    expect(listed).toMatchObject({ ProducerId: t.producerId, TransactionState: 'Ongoing', Coordinator: String(t.coordinator) });
  });

  it('holds back the last stable offset: HW - LSO is what read-committed consumers cannot see yet', async () => {
    const t = (await transactions()).open.find((x) => x.transactionalId === transactionalId)!;
    expect(t.partitions.map((p) => [p.partition, p.highWatermark, p.lastStableOffset, p.unstableMessages, p.txnStartOffset, p.holdsLso])).toEqual([
      [0, 3, 0, 3, 0, true],
      [1, 2, 0, 2, 0, true],
    ]);
    expect([t.stalling, t.unstableMessages]).toEqual([true, 5]);
    // kcat agrees: a read_committed consumer stops at the LSO, a read_uncommitted one reads to the high watermark.
    expect(await Promise.all([kcatCount(topic, 0, 'read_committed'), kcatCount(topic, 0, 'read_uncommitted'), kcatCount(topic, 1, 'read_committed'), kcatCount(topic, 1, 'read_uncommitted')])).toEqual([0, 3, 0, 2]);
  });

  it("lists each partition's active producers as kafka-transactions describe-producers does", async () => {
    const p = await producers(topic);
    expect(p.partitions.map((x) => [x.partition, x.highWatermark, x.lastStableOffset, x.unstableMessages, x.producers.length])).toEqual([
      [0, 3, 0, 3, 1],
      [1, 2, 0, 2, 1],
      [2, 0, 0, 0, 0],
    ]);
    const t = (await transactions()).open.find((x) => x.transactionalId === transactionalId)!;
    for (const partition of [0, 1]) {
      const [tool] = parseTable(await kafkaTool(TRANSACTIONS_COMMAND, ['describe-producers', '--topic', topic, '--partition', String(partition)]), 'ProducerId');
      const mine = p.partitions[partition].producers[0];
      expect(mine).toMatchObject({ producerId: t.producerId, transactionalId, transactionState: 'Ongoing', currentTxnStartOffset: 0, orphaned: false, lastSequence: partition === 0 ? 2 : 1 });
      expect({ producerId: mine.producerId, producerEpoch: mine.producerEpoch, lastSequence: mine.lastSequence, lastTimestamp: mine.lastTimestamp, currentTxnStartOffset: mine.currentTxnStartOffset }).toEqual({
        producerId: tool.ProducerId,
        producerEpoch: Number(tool.ProducerEpoch),
        lastSequence: Number(tool.LastSequence),
        lastTimestamp: new Date(Number(tool.LastTimestamp)).toISOString(),
        currentTxnStartOffset: Number(tool.CurrentTransactionStartOffset),
      });
      // -1 until a coordinator has written a marker for the producer here: Wharf's null (unknown).
      expect(String(mine.coordinatorEpoch ?? -1)).toBe(tool.LatestCoordinatorEpoch);
    }
  });

  it('after the commit, the transaction is no longer open and LSO = HW', async () => {
    await txn!.commit();
    await waitUntil('the transaction completed', transactions, (l) => !l.open.some((x) => x.transactionalId === transactionalId));
    const p = await waitUntil('LSO = HW on every partition', () => producers(topic), (x) => x.partitions.every((q) => q.lastStableOffset !== null && q.lastStableOffset === q.highWatermark));
    // The commit marker takes an offset of its own in each partition the transaction wrote to.
    expect(p.partitions.map((x) => [x.partition, x.highWatermark, x.lastStableOffset, x.unstableMessages])).toEqual([
      [0, 4, 4, 0],
      [1, 3, 3, 0],
      [2, 0, 0, 0],
    ]);
    expect(p.partitions.flatMap((x) => x.producers).map((q) => [q.currentTxnStartOffset, q.orphaned])).toEqual([
      [null, null],
      [null, null],
    ]);
    const [d] = parseTable(await kafkaTool(TRANSACTIONS_COMMAND, ['describe', '--transactional-id', transactionalId]), 'CoordinatorId');
    expect(['CompleteCommit', 'Empty']).toContain(d.TransactionState);
    expect(await Promise.all([kcatCount(topic, 0, 'read_committed'), kcatCount(topic, 1, 'read_committed')])).toEqual([3, 2]);
  });
});

describe('transactions and share groups when the cluster cannot answer', () => {
  it('answers 404 for the producers of a topic that does not exist', async () => {
    const missing = uniqueName('no-such-topic');
    const res = await producersRoute.GET(new Request('http://x'), ctx({ id: CONNECTION, topic: missing }));
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toContain(missing);
  });

  it('answers 503 naming the connection when its broker does not answer, for every route', async () => {
    const shareList = await import('@/app/api/connections/[id]/share-groups/route');
    const shareOne = await import('@/app/api/connections/[id]/share-groups/[group]/route');
    const id = 'closed-kafka';
    const answers = await Promise.all([
      listRoute.GET(new Request('http://x'), ctx({ id })),
      producersRoute.GET(new Request('http://x'), ctx({ id, topic: 't' })),
      shareList.GET(new Request('http://x'), ctx({ id })),
      shareOne.GET(new Request('http://x'), ctx({ id, group: 'g' })),
    ]);
    for (const res of answers) {
      expect(res.status).toBe(503);
      expect((await res.json()).error.message).toContain('"closed-kafka"');
    }
  });
});
