import { afterAll, describe, expect, it } from 'vitest';
import { POST as produceRoute } from '@/app/api/connections/[id]/topics/[topic]/messages/route';
import { ctx, kcat, uniqueTopic } from '@/test/kafka/fixtures';
import { createTopic, deleteTopics } from '@/test/support/kafka';

/** Creates the topic, again and again while the broker still finishes deleting an earlier one of that name. */
async function createAgain(topic: string, partitions: number): Promise<void> {
  for (const until = Date.now() + 30_000; ; await new Promise((r) => setTimeout(r, 200))) {
    try {
      return await createTopic(topic, partitions);
    } catch (e) {
      if (Date.now() > until) throw e;
    }
  }
}

// The issue "Kafka as people run it in 2026": after a topic Wharf had produced to was deleted, every later produce
// from the UI, to any topic, failed for 30+ minutes with "This server does not host this topic-partition" while kcat
// wrote to the same topics (the producer kept refreshing metadata of every topic it had written to).
describe('producing after a topic Wharf wrote to is deleted (real broker)', () => {
  const a = uniqueTopic('produced-then-deleted');
  const b = uniqueTopic('created-after-b');
  const c = uniqueTopic('created-after-c');

  const produce = (topic: string, body: Record<string, unknown>) => {
    const text = JSON.stringify(body);
    return produceRoute(new Request('http://x', { method: 'POST', body: text, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) } }), ctx({ id: 'local-kafka', topic }));
  };
  const produced = async (topic: string, body: Record<string, unknown>) => {
    const res = await produce(topic, body);
    expect(res.status, `${topic}: ${await res.clone().text()}`).toBe(201);
    return (await res.json()) as { partition: number; offset: number };
  };
  const readBack = async (topic: string, partition: number, offset: number) =>
    (await kcat(['-C', '-t', topic, '-p', String(partition), '-o', String(offset), '-c', '1', '-e', '-q', '-f', '%k=%s'])).toString();

  afterAll(async () => {
    await deleteTopics(a, b, c);
  });

  it('keeps producing to other topics, and to the topic once created again (other partitions too)', async () => {
    // Topics made and deleted by another client (the library's Admin: quick enough to stay within the producer's
    // metadata age, 30 s, where Kafka's CLI tools take seconds to start).
    await createTopic(a, 1);
    await produced(a, { key: { encoding: 'text', data: 'k' }, value: { encoding: 'text', data: 'before' } });
    await deleteTopics(a);

    // Deleted: a 404 naming it, at once (no retries until a timeout).
    const gone = await produce(a, { value: { encoding: 'text', data: 'x' } });
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { error: { message: string } }).error.message).toContain(a);

    await createTopic(b, 1);
    await createTopic(c, 2);
    const toB = await produced(b, { key: { encoding: 'text', data: 'kb' }, value: { encoding: 'text', data: 'to-b' } });
    const toC = await produced(c, { key: { encoding: 'text', data: 'kc' }, value: { encoding: 'text', data: 'to-c' }, partition: 1 });
    expect(await readBack(b, toB.partition, toB.offset)).toBe('kb=to-b');
    expect(toC.partition).toBe(1);
    expect(await readBack(c, 1, toC.offset)).toBe('kc=to-c');

    // Created again with three partitions where it had one: an explicit partition 2 must land on partition 2, not
    // on partition 2 modulo the partition count the producer saw before.
    await createAgain(a, 3);
    const again = await produced(a, { key: { encoding: 'text', data: 'k2' }, value: { encoding: 'text', data: 'after' }, partition: 2 });
    expect(again).toEqual({ partition: 2, offset: 0 });
    expect(await readBack(a, 2, 0)).toBe('k2=after');
    const anyPartition = await produced(a, { key: { encoding: 'text', data: 'k' }, value: { encoding: 'text', data: 'after-2' } });
    expect(await readBack(a, anyPartition.partition, anyPartition.offset)).toBe('k=after-2');
    // A partition the topic lacks: a 400 naming it.
    const missing = await produce(a, { value: { encoding: 'text', data: 'x' }, partition: 3 });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/Partition 3 is out of range/);
  });
});
