import kafkajs from 'kafkajs';
import { click, order, paced, sleep, wave } from './shape.mjs';

const { Kafka, logLevel, Partitioners, CompressionTypes } = kafkajs;

const TOPICS = [
  { topic: 'shop.orders', numPartitions: 6 },
  { topic: 'shop.payments', numPartitions: 3 },
  { topic: 'web.clicks', numPartitions: 12 },
  { topic: 'inventory.updates', numPartitions: 3, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
  { topic: 'shop.orders.dlq', numPartitions: 1 },
];

/** A consumer that handles at most `rate()` messages/s; `pauseEvery` stops it for a while to show lag building. */
async function slowConsumer(kafka, { groupId, topics, rate, pauseEvery }, signal) {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 30_000, maxBytesPerPartition: 64 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: false });
  let pausedUntil = 0;
  await consumer.run({
    eachBatchAutoResolve: true,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      for (const message of batch.messages) {
        if (!isRunning() || isStale() || signal.aborted) return;
        if (pauseEvery && Date.now() > pausedUntil + pauseEvery.everyMs) {
          pausedUntil = Date.now() + pauseEvery.forMs;
        }
        while (Date.now() < pausedUntil && !signal.aborted) {
          await heartbeat();
          await sleep(1000);
        }
        resolveOffset(message.offset);
        await heartbeat();
        await sleep(1000 / rate());
      }
    },
  });
  return consumer;
}

export async function runKafkaTraffic(brokers, signal) {
  const kafka = new Kafka({ clientId: 'wharf-demo', brokers, logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  await admin.createTopics({ topics: TOPICS.filter((t) => !existing.has(t.topic)), waitForLeaders: true });
  await admin.disconnect();

  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  await producer.connect();

  const consumers = await Promise.all([
    slowConsumer(kafka, { groupId: 'billing-service', topics: ['shop.orders'], rate: () => 12 }, signal),
    slowConsumer(kafka, { groupId: 'analytics', topics: ['web.clicks', 'shop.orders'], rate: () => 400 }, signal),
    slowConsumer(kafka, { groupId: 'fraud-detector', topics: ['shop.payments'], rate: () => 20, pauseEvery: { everyMs: 150_000, forMs: 45_000 } }, signal),
    slowConsumer(kafka, { groupId: 'search-indexer', topics: ['inventory.updates'], rate: () => 50 }, signal),
  ]);

  const send = (topic, messages, compression) => producer.send({ topic, messages, compression });
  const loops = [
    // Orders swing between 4 and 24/s over 4 minutes while billing handles 12/s: its lag rises and drains.
    paced(wave(4, 24, 240), signal, (n) => {
      const orders = Array.from({ length: n }, order);
      return send('shop.orders', orders.map((o) => ({ key: o.customerId, value: JSON.stringify(o), headers: { 'trace-id': Math.random().toString(16).slice(2), source: 'checkout' } })));
    }),
    paced(wave(2, 8, 180, 0.3), signal, (n) =>
      send('shop.payments', Array.from({ length: n }, () => {
        const o = order();
        return { key: o.orderId, value: JSON.stringify({ orderId: o.orderId, amount: o.amount, status: Math.random() < 0.05 ? 'declined' : 'authorised' }) };
      }), CompressionTypes.GZIP),
    ),
    paced(wave(50, 250, 120), signal, (n) => send('web.clicks', Array.from({ length: n }, () => ({ value: JSON.stringify(click()) })), CompressionTypes.GZIP)),
    paced(() => 5, signal, (n) =>
      send('inventory.updates', Array.from({ length: n }, () => {
        const sku = `sku-${Math.floor(Math.random() * 200)}`;
        // One in ten updates is a tombstone: the product was removed.
        return { key: sku, value: Math.random() < 0.1 ? null : JSON.stringify({ sku, stock: Math.floor(Math.random() * 100) }) };
      })),
    ),
    paced(() => 0.2, signal, (n) =>
      send('shop.orders.dlq', Array.from({ length: n }, () => ({ key: null, value: JSON.stringify({ error: 'schema validation failed', original: order() }), headers: { 'x-error': 'ValidationError' } }))),
    ),
  ];
  await Promise.all(loops);
  await Promise.allSettled([producer.disconnect(), ...consumers.map((c) => c.disconnect())]);
}
