import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowseResult, KafkaMessage, ScanDone } from '@/lib/contracts/kafka-messages';
import type { InspectResponse } from '@/lib/contracts/rabbitmq-messages';
import { readEvents } from '@/test/kafka/sse';
import { createQueue, deleteQueues, openAmqp } from '@/test/rabbitmq/helpers';
import { call, login, withAuthConfig, type Session } from '@/test/support/auth-harness';

// test/wharf.auth.yaml masks card.number and the authorization header on "^wharf-masked-" topics and queues.
withAuthConfig();

const run = `wharf-masked-${Date.now()}`;
const topic = `${run}-topic`;
const queue = `${run}-queue`;
const stream = `${run}-stream`;
const CARD = '4111111111111111';
const TOKEN = 'Bearer s3cret-token';
const order = { id: 7, card: { number: CARD, expiry: '12/30' } };
const kafka = { id: 'local-kafka', topic };
const s: Record<string, Session> = {};

async function scan(who: Session, filter?: string): Promise<{ messages: KafkaMessage[]; done: ScanDone | null }> {
  const query: Record<string, string> = { from: 'earliest', mode: 'scan', ...(filter ? { filter } : {}) };
  const res = await call(who, 'GET', '/api/connections/{id}/topics/{topic}/messages/stream', kafka, { query });
  expect(res.status).toBe(200);
  const messages: KafkaMessage[] = [];
  let done: ScanDone | null = null;
  for await (const e of readEvents(res)) {
    if (e.event === 'messages') messages.push(...(e.data as KafkaMessage[]));
    if (e.event === 'done') done = e.data as ScanDone;
    if (e.event === 'error') throw new Error(JSON.stringify(e.data));
  }
  return { messages, done };
}

async function inspect(who: Session, name: string): Promise<InspectResponse> {
  // A stream read right after publishing may find nothing yet: read until the message shows.
  for (let i = 0; ; i++) {
    const res = await call(who, 'POST', '/api/connections/{id}/queues/{vhost}/{name}/messages', { id: 'local-rabbitmq', vhost: '/', name }, { body: { count: 10, offset: 'first' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as InspectResponse;
    if (body.messages.length > 0 || i >= 20) return body;
    await new Promise((r) => setTimeout(r, 250));
  }
}

function expectKafkaMasked(m: KafkaMessage) {
  expect(m.masked).toBe(true);
  expect(JSON.parse(m.value.display!)).toEqual({ id: 7, card: { number: '***', expiry: '12/30' } });
  expect(m.value.base64).toBeNull();
  expect(m.headers).toEqual([
    { key: 'authorization', value: expect.objectContaining({ display: '***', base64: null }) },
    { key: 'trace', value: expect.objectContaining({ display: 't-1' }) },
  ]);
  expect(JSON.stringify(m)).not.toMatch(new RegExp(`${CARD}|s3cret|${Buffer.from(TOKEN).toString('base64')}`));
}

function expectKafkaWhole(m: KafkaMessage) {
  expect(m.masked).toBeUndefined();
  expect(JSON.parse(m.value.display!)).toEqual(order);
  expect(m.headers[0]).toMatchObject({ key: 'authorization', value: { display: TOKEN } });
}

beforeAll(async () => {
  for (const name of ['reader', 'operator', 'admin']) s[name] = await login(name);
  expect((await call(s.admin, 'POST', '/api/connections/{id}/topics', { id: 'local-kafka' }, { body: { name: topic, partitions: 1, replicationFactor: 1 } })).status).toBe(201);
  const produced = await call(s.operator, 'POST', '/api/connections/{id}/topics/{topic}/messages', kafka, {
    body: {
      value: { encoding: 'json', data: JSON.stringify(order) },
      headers: [
        { key: 'authorization', value: { encoding: 'text', data: TOKEN } },
        { key: 'trace', value: { encoding: 'text', data: 't-1' } },
      ],
    },
  });
  expect(produced.status).toBe(201);
  await createQueue(queue);
  await createQueue(stream, { 'x-queue-type': 'stream' });
  const model = await openAmqp();
  const ch = await model.createConfirmChannel();
  for (const q of [queue, stream]) ch.sendToQueue(q, Buffer.from(JSON.stringify(order)), { headers: { authorization: TOKEN, trace: 't-1' } });
  await ch.waitForConfirms();
  await model.close();
});

afterAll(async () => {
  await call(s.admin, 'DELETE', '/api/connections/{id}/topics/{topic}', kafka, { query: { confirm: topic } }).catch(() => undefined);
  await deleteQueues([queue, stream]).catch(() => undefined);
  const { closeStore } = await import('@/server/store/store');
  await closeStore();
});

describe('masking rules, applied on the server by role', () => {
  it('Kafka browse: readers get the field and header masked, operators get them whole', async () => {
    const read = async (who: Session) => {
      const res = await call(who, 'GET', '/api/connections/{id}/topics/{topic}/messages', kafka, { query: { from: 'earliest' } });
      expect(res.status).toBe(200);
      return ((await res.json()) as BrowseResult).messages;
    };
    const forReader = await read(s.reader);
    expect(forReader).toHaveLength(1);
    expectKafkaMasked(forReader[0]);
    expectKafkaWhole((await read(s.operator))[0]);
    // The whole message (no truncation, so the raw bytes would otherwise come along) stays masked too.
    const full = await call(s.reader, 'GET', '/api/connections/{id}/topics/{topic}/messages', kafka, { query: { from: 'earliest', preview: 'full', limit: '1' } });
    expectKafkaMasked(((await full.json()) as BrowseResult).messages[0]);
  });

  it('Kafka scan over server-sent events: masked for readers, and a filter cannot test the hidden values', async () => {
    const forReader = await scan(s.reader);
    expect(forReader.messages).toHaveLength(1);
    expectKafkaMasked(forReader.messages[0]);
    expectKafkaWhole((await scan(s.operator)).messages[0]);
    const guess = `value.card.number.startsWith("4111") || headers.authorization.matches("^Bearer s3")`;
    expect((await scan(s.reader, guess)).done).toMatchObject({ scanned: 1, matched: 0 });
    expect((await scan(s.operator, guess)).done).toMatchObject({ scanned: 1, matched: 1 });
    expect((await scan(s.reader, 'value.card.expiry == "12/30"')).done).toMatchObject({ matched: 1 });
  });

  it('RabbitMQ inspect of a queue and of a stream: masked for readers, whole for operators', async () => {
    for (const name of [queue, stream]) {
      const [m] = (await inspect(s.reader, name)).messages;
      expect(m).toMatchObject({ masked: true, headers: { authorization: '***', trace: 't-1' } });
      expect(JSON.parse(m.payload.display!)).toEqual({ id: 7, card: { number: '***', expiry: '12/30' } });
      expect(m.payload.base64).toBeNull();
      expect(JSON.stringify(m)).not.toContain(CARD);
      const [whole] = (await inspect(s.operator, name)).messages;
      expect(whole.masked).toBeUndefined();
      expect(whole.headers.authorization).toBe(TOKEN);
      expect(JSON.parse(whole.payload.display!)).toEqual(order);
    }
  });
});
