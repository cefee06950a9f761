import { Producer, ProduceAcks } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as browse } from '@/app/api/connections/[id]/topics/[topic]/messages/route';
import { GET as stream } from '@/app/api/connections/[id]/topics/[topic]/messages/stream/route';
import type { BrowseResult, KafkaMessage, ScanDone } from '@/lib/contracts/kafka-messages';
import { getConnectorOf } from '@/server/connections/registry';
import { createTopicCli, ctx, deleteTopicCli, kcat, uniqueTopic } from '@/test/kafka/fixtures';
import { readEvents } from '@/test/kafka/sse';
import { testClientOptions, uniqueName } from '@/test/support/kafka';
import { fetchOnce, topicPartitions } from './read';

const ID = 'local-kafka';
type Transaction = Awaited<ReturnType<Producer['beginTransaction']>>;

async function read(topic: string, query: string): Promise<BrowseResult> {
  const res = await browse(new Request(`http://x/m?${query}`), ctx({ id: ID, topic }));
  if (res.status !== 200) throw new Error(`browse ${query}: ${res.status} ${await res.text()}`);
  return (await res.json()) as BrowseResult;
}

async function scan(topic: string, query: string): Promise<{ messages: KafkaMessage[]; done: ScanDone | null }> {
  const res = await stream(new Request(`http://x/s?${query}`), ctx({ id: ID, topic }));
  if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
  const messages: KafkaMessage[] = [];
  let done: ScanDone | null = null;
  for await (const e of readEvents(res)) {
    if (e.event === 'messages') messages.push(...(e.data as KafkaMessage[]));
    if (e.event === 'done') done = e.data as ScanDone;
    if (e.event === 'error') throw new Error(JSON.stringify(e.data));
  }
  return { messages, done };
}


/**
 * Resolves once no transaction holds the topic's partitions back (last stable offset = high watermark): EndTxn
 * answers before the coordinator has written the markers, so a read right after a commit may not see it yet.
 */
async function settled(topic: string): Promise<void> {
  const connector = getConnectorOf(ID, 'kafka');
  for (const until = Date.now() + 15_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
    const parts = await topicPartitions(connector, topic, undefined, ID);
    if (parts.every((p) => p.high === p.highWatermark)) return;
  }
  throw new Error(`transactions on "${topic}" still open after 15 s`);
}
const flagged = (ms: KafkaMessage[]) => ms.map((m) => [m.offset, m.value.display, m.transaction]);

/** kcat as a read-committed consumer: the reference for what committed reads must show. */
async function kcatCommitted(topic: string): Promise<string[]> {
  const out = await kcat(['-C', '-t', topic, '-p', '0', '-o', 'beginning', '-e', '-q', '-X', 'isolation.level=read_committed', '-f', '%o %s\\n']);
  return out.toString().trim().split('\n').filter(Boolean);
}

/*
 * One partition written by a real transactional producer, committing and aborting in turns:
 *   0-1 committed (c0, c1), 2 COMMIT marker, 3-4 aborted (a0, a1), 5 ABORT marker, 6 plain (p0, kcat),
 *   7 committed (c2), 8 COMMIT, 9-11 aborted (a2-a4), 12 ABORT.
 */
describe('transactions read as a read-committed consumer reads them (real transactional producer)', () => {
  const topic = uniqueTopic('txn');
  const producer = new Producer({ ...testClientOptions('wharf-test-txn'), idempotent: true, transactionalId: uniqueName('txn'), acks: ProduceAcks.ALL });
  const send = (tx: Transaction, texts: string[]) => tx.send({ messages: texts.map((t) => ({ topic, partition: 0, key: Buffer.from(t), value: Buffer.from(JSON.stringify({ kind: t[0] === 'a' ? 'aborted' : 'kept', text: t })) })) });
  const inTransaction = async (texts: string[], end: 'commit' | 'abort') => {
    const tx = await producer.beginTransaction();
    await send(tx, texts);
    await (end === 'commit' ? tx.commit() : tx.abort());
  };
  const text = (m: KafkaMessage) => (JSON.parse(m.value.display ?? '{}') as { text?: string }).text ?? String(m.value.display);

  beforeAll(async () => {
    await createTopicCli(topic, 1);
    await inTransaction(['c0', 'c1'], 'commit');
    await inTransaction(['a0', 'a1'], 'abort');
    await kcat(['-P', '-t', topic, '-p', '0', '-K', '|'], `p0|${JSON.stringify({ kind: 'kept', text: 'p0' })}\n`);
    await inTransaction(['c2'], 'commit');
    await inTransaction(['a2', 'a3', 'a4'], 'abort');
    await settled(topic);
  });
  afterAll(async () => {
    await producer.close();
    await deleteTopicCli(topic);
  });

  it('browses committed records only, as kcat with isolation.level=read_committed, markers never shown', async () => {
    const page = await read(topic, 'from=earliest&order=asc&limit=100');
    expect(page.messages.map(text)).toEqual(['c0', 'c1', 'p0', 'c2']);
    expect(page.messages.map((m) => m.offset)).toEqual([0, 1, 6, 7]);
    expect(page.messages.every((m) => m.transaction === undefined)).toBe(true);
    const reference = await kcatCommitted(topic);
    expect(page.messages.map((m) => `${m.offset} ${Buffer.from(m.value.base64 ?? '', 'base64').toString()}`)).toEqual(reference);
    expect(page.partitions).toEqual([{ partition: 0, low: 0, high: 13, highWatermark: 13 }]);
  });

  it('"last 2" reads back across the gap the aborted records and markers leave', async () => {
    const last2 = await read(topic, 'from=latest&limit=2&order=desc');
    expect(last2.messages.map(text)).toEqual(['c2', 'p0']);
    const older = await read(topic, `cursor=${last2.older}&limit=10&order=desc`);
    expect(older.messages.map(text)).toEqual(['c1', 'c0']);
    expect(older.older).toBeNull();
  });

  it('a filtered scan never matches an aborted record, and counts only committed ones as scanned', async () => {
    const aborted = await scan(topic, `from=earliest&filter=${encodeURIComponent('value.kind == "aborted"')}`);
    expect(aborted.messages).toEqual([]);
    expect(aborted.done).toMatchObject({ reason: 'end', scanned: 4, matched: 0 });
    expect(aborted.done?.positions).toEqual([{ partition: 0, next: 13, end: 13 }]);
    const byKey = await scan(topic, `from=earliest&filter=${encodeURIComponent('key.startsWith("a") || key == "c2"')}`);
    expect(byKey.messages.map(text)).toEqual(['c2']);
  });

  it('the replay reader (fetchOnce) never returns an aborted record', async () => {
    const connector = getConnectorOf(ID, 'kafka');
    const [p] = await topicPartitions(connector, topic, [0], ID);
    const seen: string[] = [];
    for (let pos = 0; pos < p.high; ) {
      const { records, next } = await fetchOnce(connector, topic, p, pos);
      seen.push(...records.map((r) => r.raw.key?.toString() ?? ''));
      expect(next).toBeGreaterThan(pos);
      pos = next;
    }
    expect(seen).toEqual(['c0', 'c1', 'p0', 'c2']);
  });

  it('"show uncommitted" reads every record, flagged committed or aborted, in browse and scan', async () => {
    const page = await read(topic, 'from=earliest&order=asc&limit=100&isolation=read_uncommitted');
    expect(flagged(page.messages).map(([o, , f]) => [o, f])).toEqual([
      [0, 'committed'],
      [1, 'committed'],
      [3, 'aborted'],
      [4, 'aborted'],
      [6, 'committed'],
      [7, 'committed'],
      [9, 'aborted'],
      [10, 'aborted'],
      [11, 'aborted'],
    ]);
    const all = await kcat(['-C', '-t', topic, '-p', '0', '-o', 'beginning', '-e', '-q', '-X', 'isolation.level=read_uncommitted', '-f', '%o\\n']);
    expect(page.messages.map((m) => String(m.offset))).toEqual(all.toString().trim().split('\n'));
    const matches = await scan(topic, `from=earliest&isolation=read_uncommitted&filter=${encodeURIComponent('value.kind == "aborted"')}`);
    expect(matches.messages.map((m) => [text(m), m.transaction])).toEqual(['a0', 'a1', 'a2', 'a3', 'a4'].map((t) => [t, 'aborted']));
    expect(matches.done).toMatchObject({ reason: 'end', scanned: 9, matched: 5 });
    const last3 = await read(topic, 'from=latest&limit=3&isolation=read_uncommitted');
    expect(last3.messages.map(text)).toEqual(['a4', 'a3', 'a2']);
  });

  it('an open transaction holds "last N" back at the last stable offset; uncommitted shows its records as open', async () => {
    const tx = await producer.beginTransaction();
    try {
      await send(tx, ['o0', 'o1']);
      const held = await read(topic, 'from=latest&limit=2');
      expect(held.messages.map(text)).toEqual(['c2', 'p0']);
      expect(held.partitions).toEqual([{ partition: 0, low: 0, high: 13, highWatermark: 15 }]);
      expect(await kcatCommitted(topic)).toHaveLength(4);
      const open = await read(topic, 'from=latest&limit=3&isolation=read_uncommitted');
      expect(flagged(open.messages).map(([o, , f]) => [o, f])).toEqual([
        [14, 'open'],
        [13, 'open'],
        [11, 'aborted'],
      ]);
      const scanned = await scan(topic, 'from=earliest&isolation=read_uncommitted');
      expect(scanned.messages.slice(-2).map((m) => [text(m), m.transaction])).toEqual([
        ['o0', 'open'],
        ['o1', 'open'],
      ]);
      const committedScan = await scan(topic, 'from=earliest');
      expect(committedScan.done).toMatchObject({ reason: 'end', scanned: 4 });
      // An offset held back by the open transaction is not there yet for a committed read, and the 400 says why.
      const res = await browse(new Request('http://x/m?partitions=0&from=offset&offset=14'), ctx({ id: ID, topic }));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/open transaction/);
    } finally {
      await tx.commit();
    }
    await settled(topic);
    const after = await read(topic, 'from=latest&limit=2');
    expect(after.messages.map(text)).toEqual(['o1', 'o0']);
    const flags = await read(topic, 'from=latest&limit=2&isolation=read_uncommitted');
    expect(flags.messages.map((m) => m.transaction)).toEqual(['committed', 'committed']);
  });

  it('an uncommitted tail shows an open transaction as it is written, flagged open', async () => {
    const abort = new AbortController();
    const res = await stream(new Request('http://x/s?mode=tail&isolation=read_uncommitted', { signal: abort.signal }), ctx({ id: ID, topic }));
    expect(res.status).toBe(200);
    const tx = await producer.beginTransaction();
    try {
      let wrote = false;
      let seen: KafkaMessage | undefined;
      for await (const e of readEvents(res)) {
        if (e.event === 'progress' && !wrote) {
          wrote = true;
          await send(tx, ['o-tail']);
        }
        if (e.event === 'messages') seen ??= (e.data as KafkaMessage[]).find((m) => text(m) === 'o-tail');
        if (seen) break;
      }
      abort.abort();
      expect(seen?.transaction).toBe('open');
    } finally {
      await tx.abort();
    }
    await settled(topic);
  });

  it('a committed tail shows a transaction once it commits, and never one that aborted', async () => {
    const abort = new AbortController();
    const res = await stream(new Request('http://x/s?mode=tail', { signal: abort.signal }), ctx({ id: ID, topic }));
    expect(res.status).toBe(200);
    const seen: string[] = [];
    let wrote = false;
    for await (const e of readEvents(res)) {
      if (e.event === 'progress' && !wrote) {
        wrote = true;
        await inTransaction(['a5'], 'abort');
        await inTransaction(['c3'], 'commit');
      }
      if (e.event === 'messages') seen.push(...(e.data as KafkaMessage[]).map(text));
      if (seen.includes('c3')) break;
    }
    abort.abort();
    expect(seen).toEqual(['c3']);
  });
});

describe('an open transaction longer than one Fetch answer', () => {
  const topic = uniqueTopic('txn-long');
  const producer = new Producer({ ...testClientOptions('wharf-test-txn-long'), idempotent: true, transactionalId: uniqueName('txn-long'), acks: ProduceAcks.ALL });
  const big = (i: number) => Buffer.concat([Buffer.from(`big${i}:`), Buffer.alloc(900 * 1024, 0x61)]);

  beforeAll(() => createTopicCli(topic, 1));
  afterAll(async () => {
    await producer.close();
    await deleteTopicCli(topic);
  });

  // Wharf asks 4 MiB of a partition per Fetch: six 900 KiB records, one batch each, need two answers, and the
  // first holds no marker and does not reach the high watermark. DescribeProducers tells that they are open.
  it('is flagged open all along, and hidden from committed reads until it commits', async () => {
    const tx = await producer.beginTransaction();
    try {
      for (let i = 0; i < 6; i++) await tx.send({ messages: [{ topic, partition: 0, key: Buffer.from(`k${i}`), value: big(i) }] });
      const page = await read(topic, 'from=earliest&order=asc&limit=10&isolation=read_uncommitted');
      expect(page.messages.map((m) => [m.offset, m.transaction])).toEqual([0, 1, 2, 3, 4, 5].map((o) => [o, 'open']));
      expect((await read(topic, 'from=earliest&limit=10')).messages).toEqual([]);
    } finally {
      await tx.commit();
    }
    await settled(topic);
    const committed = await read(topic, 'from=earliest&order=asc&limit=10');
    expect(committed.messages.map((m) => m.key.display)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5']);
  });
});
