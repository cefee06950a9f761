import amqp from 'amqplib';
import { order, paced, sleep, wave } from './shape.mjs';

async function declareTopology(ch) {
  await ch.assertExchange('shop.events', 'topic', { durable: true });
  await ch.assertExchange('shop.dlx', 'topic', { durable: true });
  await ch.assertQueue('orders.created', { durable: true, arguments: { 'x-dead-letter-exchange': 'shop.dlx' } });
  await ch.assertQueue('orders.created.dlq', { durable: true });
  await ch.assertQueue('emails.send', { durable: true, arguments: { 'x-max-length': 50_000 } });
  await ch.assertQueue('payments.process', { durable: true, arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 5 } });
  await ch.assertQueue('audit.stream', { durable: true, arguments: { 'x-queue-type': 'stream', 'x-max-length-bytes': 50_000_000 } });
  await ch.bindQueue('orders.created', 'shop.events', 'order.created');
  await ch.bindQueue('emails.send', 'shop.events', 'order.*');
  await ch.bindQueue('payments.process', 'shop.events', 'payment.#');
  await ch.bindQueue('audit.stream', 'shop.events', '#');
  await ch.bindQueue('orders.created.dlq', 'shop.dlx', '#');
}

/** Consumes at most `rate()` messages/s; rejects a share of them so they are dead-lettered. */
async function consumer(conn, queue, { rate, rejectShare = 0, pauseEvery }, signal) {
  const ch = await conn.createChannel();
  await ch.prefetch(10);
  let pausedUntil = 0;
  let lastPause = Date.now();
  await ch.consume(queue, async (msg) => {
    if (!msg) return;
    if (pauseEvery && Date.now() - lastPause > pauseEvery.everyMs) {
      lastPause = Date.now();
      pausedUntil = Date.now() + pauseEvery.forMs;
    }
    while (Date.now() < pausedUntil && !signal.aborted) await sleep(500);
    await sleep(1000 / rate());
    // Stopping closes the connection under messages still in hand; they go back to the queue by themselves.
    if (signal.aborted) return;
    try {
      if (Math.random() < rejectShare) ch.nack(msg, false, false);
      else ch.ack(msg);
    } catch (e) {
      if (!signal.aborted) throw e;
    }
  });
  return ch;
}

export async function runRabbitmqTraffic(url, signal) {
  const conn = await amqp.connect(url, { clientProperties: { connection_name: 'wharf-demo' } });
  const ch = await conn.createConfirmChannel();
  await declareTopology(ch);
  await Promise.all([
    consumer(conn, 'orders.created', { rate: () => 30, rejectShare: 0.03 }, signal),
    consumer(conn, 'emails.send', { rate: () => 6 }, signal),
    consumer(conn, 'payments.process', { rate: () => 8, pauseEvery: { everyMs: 120_000, forMs: 40_000 } }, signal),
  ]);
  const publish = (key, body) => ch.publish('shop.events', key, Buffer.from(JSON.stringify(body)), { contentType: 'application/json', deliveryMode: 2, messageId: body.orderId, timestamp: Math.floor(Date.now() / 1000), appId: 'wharf-demo', headers: { 'x-source': 'checkout' } });
  await Promise.all([
    paced(wave(2, 14, 200), signal, async (n) => {
      for (let i = 0; i < n; i++) {
        const o = order();
        publish('order.created', o);
        if (Math.random() < 0.5) publish('payment.authorised', { orderId: o.orderId, amount: o.amount });
      }
      await ch.waitForConfirms();
    }),
  ]);
  await conn.close().catch(() => undefined);
}
