import {
  Admin,
  compatibilityPartitioner,
  CompressionAlgorithms,
  Consumer,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
  ProduceAcks,
  Producer,
  stringSerializers,
} from '@platformatic/kafka';
import { click, order, paced, sleep, wave } from './shape.mjs';

const TOPICS = [
  { topic: 'shop.orders', partitions: 6 },
  { topic: 'shop.payments', partitions: 3 },
  { topic: 'web.clicks', partitions: 12 },
  { topic: 'inventory.updates', partitions: 3, configs: [{ name: 'cleanup.policy', value: 'compact' }] },
  { topic: 'shop.orders.dlq', partitions: 1 },
];

/**
 * Where Java clients (and kafkajs) put a message: a key by Kafka's murmur2 hash, so a compacted topic's key keeps
 * the partition it had (platformatic's default partitioner hashes differently), no key round robin (the
 * compatibility partitioner alone sends those to partition 0). The producer takes the result modulo the count.
 */
function javaPartitioner() {
  let next = Math.floor(Math.random() * 1024);
  return (message, key) => (key ? compatibilityPartitioner(message, key) : next++);
}

const client = (brokers) => ({ clientId: 'wharf-demo', bootstrapBrokers: brokers, autocreateTopics: false });

async function createTopics(brokers) {
  const admin = new Admin(client(brokers));
  try {
    const existing = new Set(await admin.listTopics());
    // One request per topic: a CreateTopics request applies its configs to every topic in it.
    for (const { topic, partitions, configs } of TOPICS.filter((t) => !existing.has(t.topic))) {
      await admin.createTopics({ topics: [topic], partitions, replicas: 1, configs });
    }
    // Producers and consumers start once every partition has a leader (Metadata fails while a topic is unknown).
    const names = TOPICS.map((t) => t.topic);
    for (let attempt = 0; ; attempt++) {
      const meta = await admin.metadata({ topics: names, forceUpdate: true }).catch((e) => {
        if (attempt >= 100) throw e;
        return null;
      });
      if (meta && names.every((t) => meta.topics.get(t).partitions.every((p) => p.leader >= 0))) break;
      await sleep(100);
    }
  } finally {
    await admin.close();
  }
}

/**
 * A consumer that handles at most `rate()` messages/s; `pauseEvery` stops it for a while to show lag building. It
 * commits what it has handled, once a second (platformatic's autocommit would commit what the stream has fetched
 * ahead, and a slow group would show no lag). The client heartbeats on its own while the loop sleeps.
 */
async function slowConsumer(brokers, { groupId, topics, rate, pauseEvery }, signal) {
  const consumer = new Consumer({ ...client(brokers), groupId, sessionTimeout: 30_000, heartbeatInterval: 3000, maxBytesPerPartition: 64 * 1024, highWaterMark: 256 });
  const stream = await consumer.consume({ topics, autocommit: false, mode: MessagesStreamModes.COMMITTED, fallbackMode: MessagesStreamFallbackModes.LATEST });
  // The last handled message of each partition; committing it commits everything before it on that partition.
  const handled = new Map();
  const commit = () => {
    for (const message of handled.values()) {
      message.commit((e) => e && !signal.aborted && console.error(`[demo] ${groupId} commit failed: ${e.message}`));
    }
    handled.clear();
  };
  const timer = setInterval(commit, 1000);
  const loop = (async () => {
    let pausedUntil = 0;
    for await (const message of stream) {
      if (signal.aborted) break;
      if (pauseEvery && Date.now() > pausedUntil + pauseEvery.everyMs) {
        pausedUntil = Date.now() + pauseEvery.forMs;
      }
      while (Date.now() < pausedUntil && !signal.aborted) await sleep(1000);
      handled.set(`${message.topic}:${message.partition}`, message);
      await sleep(1000 / rate());
    }
  })().catch((e) => {
    if (!signal.aborted) console.error(`[demo] ${groupId} stopped: ${e.message}`);
  });
  return {
    async close() {
      clearInterval(timer);
      commit();
      // Closes the stream (its pending commits are sent first) and leaves the group.
      await consumer.close(true);
      await loop;
    },
  };
}

export async function runKafkaTraffic(brokers, signal) {
  await createTopics(brokers);

  const producer = new Producer({ ...client(brokers), serializers: stringSerializers, acks: ProduceAcks.ALL, partitioner: javaPartitioner() });

  const consumers = await Promise.all([
    slowConsumer(brokers, { groupId: 'billing-service', topics: ['shop.orders'], rate: () => 12 }, signal),
    slowConsumer(brokers, { groupId: 'analytics', topics: ['web.clicks', 'shop.orders'], rate: () => 400 }, signal),
    slowConsumer(brokers, { groupId: 'fraud-detector', topics: ['shop.payments'], rate: () => 20, pauseEvery: { everyMs: 150_000, forMs: 45_000 } }, signal),
    slowConsumer(brokers, { groupId: 'search-indexer', topics: ['inventory.updates'], rate: () => 50 }, signal),
  ]);

  const send = (topic, messages, compression) => producer.send({ messages: messages.map((m) => ({ ...m, topic })), compression });
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
      }), CompressionAlgorithms.GZIP),
    ),
    paced(wave(50, 250, 120), signal, (n) => send('web.clicks', Array.from({ length: n }, () => ({ value: JSON.stringify(click()) })), CompressionAlgorithms.GZIP)),
    paced(() => 5, signal, (n) =>
      send('inventory.updates', Array.from({ length: n }, () => {
        const sku = `sku-${Math.floor(Math.random() * 200)}`;
        // One in ten updates is a tombstone: the product was removed (no value: a null record value).
        return { key: sku, value: Math.random() < 0.1 ? undefined : JSON.stringify({ sku, stock: Math.floor(Math.random() * 100) }) };
      })),
    ),
    paced(() => 0.2, signal, (n) =>
      send('shop.orders.dlq', Array.from({ length: n }, () => ({ value: JSON.stringify({ error: 'schema validation failed', original: order() }), headers: { 'x-error': 'ValidationError' } }))),
    ),
  ];
  await Promise.all(loops);
  await Promise.allSettled([producer.close(), ...consumers.map((c) => c.close())]);
}
