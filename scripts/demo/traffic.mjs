// Demo traffic for `npm run demo`: topics, groups, exchanges and queues with producers and consumers at
// changing rates. Runs until interrupted.
import { runKafkaTraffic } from './kafka-traffic.mjs';
import { runRabbitmqTraffic } from './rabbitmq-traffic.mjs';

const controller = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => controller.abort());

const brokers = (process.env.DEMO_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const amqpUrl = process.env.DEMO_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

console.log('[demo] traffic: Kafka topics shop.orders, shop.payments, web.clicks, inventory.updates; RabbitMQ exchange shop.events');
const results = await Promise.allSettled([runKafkaTraffic(brokers, controller.signal), runRabbitmqTraffic(amqpUrl, controller.signal)]);
for (const r of results) if (r.status === 'rejected') console.error(`[demo] traffic stopped: ${r.reason?.message ?? r.reason}`);
process.exit(controller.signal.aborted ? 0 : 1);
