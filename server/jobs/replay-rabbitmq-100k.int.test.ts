import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getJobRoute } from '@/app/api/jobs/[jobId]/route';
import { POST as startJobRoute } from '@/app/api/jobs/route';
import type { Job } from '@/lib/contracts/jobs';
import { consumeAll, produceNumbered, sourceMessage, type SourceMessage } from '@/test/jobs/replay-fixtures';
import { eventually } from '@/test/support/cli';
import { createTopic, deleteTopics, uniqueName } from '@/test/support/kafka';
import { withRabbit } from '@/test/support/rabbitmq';

const N = 100_000;
const PARTITIONS = 4;
const FILTER = 'value.amount >= 7 && headers.region != "ap"';
const selected = (m: SourceMessage) => m.i % 10 >= 7 && m.headers.region !== 'ap';

const topic = uniqueName('k2r100k-src');
const exchange = uniqueName('k2r100k-x');
const queue = uniqueName('k2r100k-q');

async function call(res: Promise<Response>) {
  const r = await res;
  return { status: r.status, body: (await r.json()) as Job & { error?: { message: string } } };
}
const job = (jobId: string) => call(getJobRoute(new Request('http://x'), { params: Promise.resolve({ jobId }) }));

describe('Kafka -> RabbitMQ replay of 100,000 messages through an exchange, filtered', () => {
  beforeAll(async () => {
    await createTopic(topic, PARTITIONS);
    await withRabbit(async (ch) => {
      await ch.assertExchange(exchange, 'topic', { durable: false, autoDelete: false });
      await ch.assertQueue(queue, { durable: true });
      await ch.bindQueue(queue, exchange, 'replay.#');
    });
    await produceNumbered(topic, N, PARTITIONS);
  }, 120_000);

  afterAll(async () => {
    await deleteTopics(topic);
    await withRabbit(async (ch) => {
      await ch.deleteQueue(queue);
      await ch.deleteExchange(exchange);
    }).catch(() => undefined);
  });

  it('the queue holds exactly the matching messages: routing key from key and header, body and headers equal, per-partition order kept', async () => {
    const started = await call(
      startJobRoute(
        new Request('http://x/api/jobs', {
          method: 'POST',
          body: JSON.stringify({
            params: {
              kind: 'kafka-replay',
              source: { connection: 'local-kafka', topic, filter: FILTER },
              target: { kind: 'rabbitmq', connection: 'local-rabbitmq', vhost: '/', exchange, routingKey: 'replay.{header:region}.{partition}.{key}' },
            },
          }),
        }),
        { params: Promise.resolve({}) },
      ),
    );
    expect(started.status).toBe(201);
    const done = await eventually(async () => {
      const { body } = await job(started.body.id);
      return body.status !== 'running' ? body : undefined;
    }, 240_000, 250);

    const all = Array.from({ length: N }, (_, i) => sourceMessage(i, PARTITIONS));
    const matching = all.filter(selected);
    expect(done.error).toBeNull();
    expect(done.status).toBe('succeeded');
    expect(done.progress).toMatchObject({ total: N, read: N, matched: matching.length, written: matching.length, confirmed: matching.length, skipped: N - matching.length });
    // RabbitMQ has no end offsets to check against: the job says it could not verify that way, and reports no duplicates.
    expect(done.result).toMatchObject({ verified: null, possibleDuplicates: 0 });

    const depth = await withRabbit(async (ch) => (await ch.checkQueue(queue)).messageCount);
    expect(depth).toBe(matching.length);
    const got = await consumeAll(queue, depth);

    const mismatches: string[] = [];
    const seenPerPartition = new Map<number, number[]>();
    for (const m of got) {
      const i = Number(m.properties.headers?.seq);
      const want = all[i];
      if (!want) {
        mismatches.push(`unknown message ${m.properties.messageId}`);
        continue;
      }
      const offset = Math.floor(i / PARTITIONS);
      seenPerPartition.set(want.partition, [...(seenPerPartition.get(want.partition) ?? []), i]);
      const wantHeaders = {
        ...want.headers,
        'wharf-source-connection': 'local-kafka',
        'wharf-source-topic': topic,
        'wharf-source-partition': String(want.partition),
        'wharf-source-offset': String(offset),
      };
      if (!m.body.equals(Buffer.from(want.value))) mismatches.push(`${i}: body ${m.body.toString()}`);
      if (m.routingKey !== `replay.${want.headers.region}.${want.partition}.${want.key}`) mismatches.push(`${i}: routing key ${m.routingKey}`);
      if (m.exchange !== exchange) mismatches.push(`${i}: exchange ${m.exchange}`);
      if (!isDeepStrictEqual({ ...m.properties.headers }, wantHeaders)) mismatches.push(`${i}: headers ${JSON.stringify(m.properties.headers)}`);
      if (m.properties.messageId !== `${topic}/${want.partition}/${offset}`) mismatches.push(`${i}: message id ${m.properties.messageId}`);
      if (m.properties.deliveryMode !== 2) mismatches.push(`${i}: not persistent`);
      if (mismatches.length > 20) break;
    }
    expect(mismatches).toEqual([]);
    for (let p = 0; p < PARTITIONS; p++) {
      // Exactly the matching messages of each partition, each once, in their partition's order.
      expect(seenPerPartition.get(p)).toEqual(matching.filter((m) => m.partition === p).map((m) => m.i));
    }
    expect(await withRabbit(async (ch) => (await ch.checkQueue(queue)).messageCount)).toBe(0);
  }, 300_000);
});
