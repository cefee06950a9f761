import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as stream } from '@/app/api/connections/[id]/topics/[topic]/messages/stream/route';
import type { KafkaMessage, ScanDone } from '@/lib/contracts/kafka-messages';
import { createTopicCli, ctx, deleteTopicCli, kcat, uniqueTopic } from '@/test/kafka/fixtures';
import { readEvents } from '@/test/kafka/sse';
import { produce } from '@/test/support/kafka';

const ID = 'local-kafka';

async function scan(topic: string, query: string): Promise<{ messages: KafkaMessage[]; done: ScanDone | null; progress: number }> {
  const res = await stream(new Request(`http://x/s?${query}`), ctx({ id: ID, topic }));
  if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
  const messages: KafkaMessage[] = [];
  let done: ScanDone | null = null;
  let progress = 0;
  for await (const e of readEvents(res)) {
    if (e.event === 'messages') messages.push(...(e.data as KafkaMessage[]));
    if (e.event === 'progress') progress++;
    if (e.event === 'done') done = e.data as ScanDone;
    if (e.event === 'error') throw new Error(JSON.stringify(e.data));
  }
  return { messages, done, progress };
}

describe('filtered scan and live tail (server-sent events)', () => {
  const topic = uniqueTopic('scan');
  const N = 3000;

  beforeAll(async () => {
    await createTopicCli(topic, 3);
    const lines = Array.from({ length: N }, (_, i) => `k${i}|{"n":${i},"kind":"${i % 3 === 0 ? 'third' : 'other'}","tags":["t${i % 5}"]}`);
    await kcat(['-P', '-t', topic, '-K', '|', '-z', 'lz4'], `${lines.join('\n')}\n`);
  });
  afterAll(() => deleteTopicCli(topic));

  it('counts the same matches as an independent count over the same data', async () => {
    const all = (await kcat(['-C', '-t', topic, '-e', '-q', '-f', '%s\\n'])).toString().trim().split('\n');
    expect(all).toHaveLength(N);
    const independent = all.filter((line) => line.includes('"kind":"third"') && line.includes('"t2"')).length;
    const { messages, done } = await scan(topic, `from=earliest&filter=${encodeURIComponent('value.kind == "third" && "t2" in value.tags')}&maxMatches=10000`);
    expect(done).toMatchObject({ reason: 'end', scanned: N, matched: independent });
    expect(messages).toHaveLength(independent);
    expect(new Set(messages.map((m) => `${m.partition}:${m.offset}`)).size).toBe(independent);
  });

  it('filters on key, partition and offset, and stops at the match limit with a resumable cursor', async () => {
    const byKey = await scan(topic, `from=earliest&filter=${encodeURIComponent('key == "k42"')}`);
    expect(byKey.messages.map((m) => m.key.display)).toEqual(['k42']);
    const limited = await scan(topic, `from=earliest&partitions=1&maxMatches=5&filter=${encodeURIComponent('partition == 1 && offset >= 10')}`);
    expect(limited.done?.reason).toBe('max-matches');
    expect(limited.messages.map((m) => m.offset)).toEqual([10, 11, 12, 13, 14]);
    const resumed = await scan(topic, `cursor=${limited.done?.cursor}&partitions=1&maxMatches=2`);
    expect(resumed.messages.map((m) => m.offset)).toEqual([15, 16]);
  });

  it('stops at the scanned limit and reports per-partition positions', async () => {
    const { done } = await scan(topic, 'from=earliest&maxScanned=100');
    expect(done?.reason).toBe('max-scanned');
    expect(done?.scanned).toBe(100);
    expect(done?.positions).toHaveLength(3);
  });

  it('answers 400 with the position for a bad expression', async () => {
    const res = await stream(new Request(`http://x/s?filter=${encodeURIComponent('value.n > ')}`), ctx({ id: ID, topic }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/column \d+/);
  });

  it('tails every partition: messages produced after the stream opens arrive, whichever partition they land on', async () => {
    const abort = new AbortController();
    const res = await stream(new Request('http://x/s?mode=tail', { signal: abort.signal }), ctx({ id: ID, topic }));
    expect(res.status).toBe(200);
    const marker = `tail-${Date.now()}`;
    const wanted = [0, 1, 2].map((p) => `${marker}-p${p}`);
    const seen = new Map<string, number>();
    let produced = false;
    for await (const e of readEvents(res)) {
      if (e.event === 'progress' && !produced) {
        produced = true;
        for (const [p, key] of wanted.entries()) await kcat(['-P', '-t', topic, '-p', String(p), '-K', '|'], `${key}|live\n`);
      }
      if (e.event === 'messages') for (const m of e.data as KafkaMessage[]) if (m.key.display?.startsWith(marker)) seen.set(m.key.display, m.partition);
      if (seen.size === wanted.length) break;
    }
    abort.abort();
    expect([...seen].sort()).toEqual(wanted.map((key, p) => [key, p]));
  });
});

describe('a filtered scan from "latest" is newest first across all partitions', () => {
  const stacked = uniqueTopic('newest-stacked');
  const interleaved = uniqueTopic('newest-mixed');
  const PER = 3000;
  const base = Date.now() - 3_600_000;

  beforeAll(async () => {
    await createTopicCli(stacked, 6);
    await createTopicCli(interleaved, 6);
    // Stacked: partition p holds one time span each, partition 5 the newest (the highest partitions are the ones a
    // scan starting at partition 0's oldest offset never reaches).
    await produce(stacked, Array.from({ length: 6 * PER }, (_, j) => {
      const p = Math.floor(j / PER);
      const i = j % PER;
      return { partition: p, value: JSON.stringify({ p, i, even: i % 2 === 0 }), timestamp: String(base + p * 100_000 + i * 10) };
    }));
    // Interleaved: message j goes to partition j % 6 at base + j ms.
    await produce(interleaved, Array.from({ length: 6 * PER }, (_, j) => ({ partition: j % 6, value: JSON.stringify({ j, even: j % 2 === 0 }), timestamp: String(base + j) })));
  }, 120_000);
  afterAll(() => Promise.all([deleteTopicCli(stacked), deleteTopicCli(interleaved)]));

  it('returns the newest matches of the newest partition, newest first, without reading everything', async () => {
    const { messages, done } = await scan(stacked, `from=latest&maxMatches=10&filter=${encodeURIComponent('value.even == true')}`);
    expect(done?.reason).toBe('max-matches');
    expect(messages.map((m) => [m.partition, m.offset])).toEqual(Array.from({ length: 10 }, (_, k) => [5, PER - 2 - 2 * k]));
    expect(done!.scanned).toBeLessThan(6 * PER);
  });

  it('merges partitions by time: the 25 newest matches overall, in order, whichever partition holds them', async () => {
    const { messages } = await scan(interleaved, `from=latest&maxMatches=25&filter=${encodeURIComponent('value.even == true')}`);
    // The newest even j are 17998, 17996, ...: j = 6 * offset + partition.
    const want = Array.from({ length: 25 }, (_, k) => 6 * PER - 2 - 2 * k);
    expect(messages.map((m) => 6 * m.offset + m.partition)).toEqual(want);
    const ts = messages.map((m) => m.timestamp);
    expect(ts).toEqual([...ts].sort((a, b) => b - a));
  });

  it('reads every partition down to its start when fewer match than asked for, and still answers newest first', async () => {
    const { messages, done } = await scan(interleaved, `from=latest&maxMatches=100&filter=${encodeURIComponent('int(value.j) % 1000 == 7')}`);
    expect(done).toMatchObject({ reason: 'end', scanned: 6 * PER });
    expect(messages.map((m) => 6 * m.offset + m.partition)).toEqual([17007, 16007, 15007, 14007, 13007, 12007, 11007, 10007, 9007, 8007, 7007, 6007, 5007, 4007, 3007, 2007, 1007, 7]);
  });
});
