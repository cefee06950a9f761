import amqp from 'amqplib';
import type { MessageToProduce } from '@platformatic/kafka';
import { AMQP_URL } from '@/test/support/rabbitmq';
import { testProducer, toRecord } from '@/test/support/kafka';

/** One source message of the replay tests, numbered i: where it goes, and what a filter can look at. */
export type SourceMessage = { i: number; partition: number; key: string; value: string; headers: Record<string, string> };

const REGIONS = ['eu', 'us', 'ap'];

/** `padTo`: values padded to about that many bytes (so that a batch spans several produce requests). */
export function sourceMessage(i: number, partitions: number, padTo = 0): SourceMessage {
  const region = REGIONS[i % 3];
  const value = { i, amount: i % 10, region, note: i % 7 === 0 ? 'größe ✓' : 'x' };
  return {
    i,
    partition: i % partitions,
    key: `k${i}`,
    // Non-ASCII on purpose: bodies must come through byte for byte.
    value: JSON.stringify(padTo > 0 ? { ...value, pad: 'p'.repeat(padTo) } : value),
    headers: { seq: String(i), region, 'content-type': 'application/json' },
  };
}

/**
 * Produces messages 0..n-1 in one request per `perPartition` messages of every partition (each partition's batch
 * stays under the broker's 1 MiB). Requests go one after another, so message i lands at offset floor(i / partitions).
 */
export async function produceNumbered(topic: string, n: number, partitions: number, perPartition = 4000, padTo = 0): Promise<void> {
  const producer = testProducer();
  try {
    const step = perPartition * partitions;
    for (let from = 0; from < n; from += step) {
      const byPartition = new Map<number, MessageToProduce[]>();
      for (let i = from; i < Math.min(n, from + step); i++) {
        const m = sourceMessage(i, partitions, padTo);
        const list = byPartition.get(m.partition) ?? [];
        list.push(toRecord(topic, { key: m.key, value: m.value, headers: m.headers, partition: m.partition }));
        byPartition.set(m.partition, list);
      }
      await producer.send({ messages: [...byPartition.values()].flat() });
    }
  } finally {
    await producer.close();
  }
}

export type QueuedMessage = { routingKey: string; exchange: string; body: Buffer; properties: amqp.MessageProperties };

/** Takes the `count` messages of a queue (its whole depth, known beforehand) in queue order with one consumer, acking them. */
export async function consumeAll(queue: string, count: number, timeoutMs = 60_000): Promise<QueuedMessage[]> {
  const conn = await amqp.connect(AMQP_URL);
  try {
    const ch = await conn.createChannel();
    await ch.prefetch(5000);
    const out: QueuedMessage[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${out.length} of ${count} messages arrived from "${queue}"`)), timeoutMs);
      if (count === 0) {
        clearTimeout(timer);
        return resolve();
      }
      ch.consume(queue, (m) => {
        if (!m) return;
        out.push({ routingKey: m.fields.routingKey, exchange: m.fields.exchange, body: m.content, properties: m.properties });
        if (out.length % 1000 === 0 || out.length === count) ch.ack(m, true);
        if (out.length === count) {
          clearTimeout(timer);
          resolve();
        }
      }).catch(reject);
    });
    await ch.close();
    return out;
  } finally {
    await conn.close();
  }
}
