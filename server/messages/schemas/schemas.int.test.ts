import { readFileSync } from 'node:fs';
import path from 'node:path';
import avro from 'avsc';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as browseRoute, POST as produceRoute } from '@/app/api/connections/[id]/topics/[topic]/messages/route';
import { GET as streamRoute } from '@/app/api/connections/[id]/topics/[topic]/messages/stream/route';
import { GET as checkRoute } from '@/app/api/connections/[id]/topics/[topic]/schemas/check/route';
import { GET as schemasRoute } from '@/app/api/connections/[id]/topics/[topic]/schemas/route';
import { GET as getJobRoute } from '@/app/api/jobs/[jobId]/route';
import { POST as startJobRoute } from '@/app/api/jobs/route';
import type { Job } from '@/lib/contracts/jobs';
import type { BrowseResult, KafkaMessage, ProduceBody, ScanDone } from '@/lib/contracts/kafka-messages';
import { ctx, kcat } from '@/test/kafka/fixtures';
import { readEvents } from '@/test/kafka/sse';
import { eventually } from '@/test/support/cli';
import { createTopic, deleteTopics, produce, uniqueName } from '@/test/support/kafka';
import { encodeMessageIndexes, frame } from './wire';

const ID = 'local-kafka';
const SCHEMAS = path.resolve(__dirname, '../../../test/schemas');
// The writers: avsc and protobufjs as any producer would use them, nothing of Wharf's.
const PaymentAvro = avro.Type.forSchema(JSON.parse(readFileSync(path.join(SCHEMAS, 'payment.avsc'), 'utf8')) as avro.Schema);
const KeyAvro = avro.Type.forSchema(JSON.parse(readFileSync(path.join(SCHEMAS, 'payment-key.avsc'), 'utf8')) as avro.Schema);
const PaymentProto = protobuf.loadSync(path.join(SCHEMAS, 'payment.proto')).lookupType('wharf.test.Payment');

const avroTopic = uniqueName('schemas-avro');
const protoTopic = uniqueName('schemas-proto');
const jsonTopic = uniqueName('schemas-json');
const rawTopic = uniqueName('schemas-raw');

const N = 30;
const payment = (i: number) => ({
  id: `p-${i}`,
  amount: i,
  total: i * 1_000_000_007,
  note: i % 2 ? `note ${i}` : null,
  status: (['NEW', 'PAID', 'FAILED'] as const)[i % 3],
  tags: [`t${i % 4}`],
  meta: { try: i % 5 },
  raw: Buffer.from([i, 255 - i]),
});
const shown = (i: number) => ({ ...payment(i), raw: Buffer.from([i, 255 - i]).toString('base64') });
const NOT_AVRO = Buffer.from('{"amount": 99}');

async function browse(topic: string, query = 'from=earliest&limit=1000&order=asc'): Promise<KafkaMessage[]> {
  const res = await browseRoute(new Request(`http://x/m?${query}`), ctx({ id: ID, topic }));
  if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
  return ((await res.json()) as BrowseResult).messages;
}

async function scan(topic: string, filter: string): Promise<{ messages: KafkaMessage[]; done: ScanDone | null }> {
  const res = await streamRoute(new Request(`http://x/s?from=earliest&filter=${encodeURIComponent(filter)}`), ctx({ id: ID, topic }));
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

async function post(topic: string, body: ProduceBody): Promise<{ status: number; body: { partition: number; offset: number; error?: { message: string } } }> {
  const res = await produceRoute(new Request('http://x/m', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }), ctx({ id: ID, topic }));
  return { status: res.status, body: await res.json() };
}

/** The value bytes of one record as kcat (librdkafka) reads them. */
const rawValue = (topic: string, offset: number) => kcat(['-C', '-t', topic, '-p', '0', '-o', String(offset), '-c', '1', '-e', '-q', '-f', '%s']);
const rawKey = (topic: string, offset: number) => kcat(['-C', '-t', topic, '-p', '0', '-o', String(offset), '-c', '1', '-e', '-q', '-f', '%k']);

describe('schema-aware messages from local schemas', () => {
  beforeAll(async () => {
    await Promise.all([createTopic(avroTopic, 1), createTopic(protoTopic, 1), createTopic(jsonTopic, 1), createTopic(rawTopic, 1)]);
    await produce(avroTopic, [
      ...Array.from({ length: N }, (_, i) => ({ key: frame(101, KeyAvro.toBuffer({ customer: `c${i % 3}` })), value: frame(100, PaymentAvro.toBuffer(payment(i))) })),
      { key: 'plain-key', value: NOT_AVRO },
    ]);
    const proto = (o: Record<string, unknown>) => Buffer.from(PaymentProto.encode(PaymentProto.fromObject(o)).finish());
    await produce(protoTopic, [
      { value: Buffer.concat([frame(102, Buffer.alloc(0)), encodeMessageIndexes([1]), proto({ id: 'x', amount: 12, total: '9223372036854775807', status: 2, lines: [{ sku: 'A', quantity: 1 }] })]) },
      { value: proto({ id: 'unframed', amount: 3 }) },
    ]);
    await produce(jsonTopic, [
      { value: frame(103, Buffer.from('{"id":"j1","amount":20,"currency":"EUR"}')) },
      { value: '{"id":"j2","amount":5,"currency":"USD"}' },
      { value: '{"id":"j3","amount":-1,"currency":"GBP"}' },
    ]);
    await produce(rawTopic, [{ value: PaymentAvro.toBuffer(payment(7)) }]);
  }, 120_000);
  afterAll(() => deleteTopics(avroTopic, protoTopic, jsonTopic, rawTopic));

  it('browses Confluent-framed Avro keys and values as their decoded JSON, the bytes kept', async () => {
    const messages = await browse(avroTopic);
    expect(messages).toHaveLength(N + 1);
    for (let i = 0; i < N; i++) {
      const m = messages[i];
      expect(m.value).toMatchObject({ encoding: 'json', schema: { format: 'avro', id: 100, name: 'wharf.test.Payment' } });
      expect(JSON.parse(m.value.display!)).toEqual(shown(i));
      expect(Buffer.from(m.value.base64!, 'base64').equals(frame(100, PaymentAvro.toBuffer(payment(i))))).toBe(true);
      expect(JSON.parse(m.key.display!)).toEqual({ customer: `c${i % 3}` });
      expect(m.key.schema).toEqual({ format: 'avro', id: 101, name: 'wharf.test.PaymentKey' });
    }
  });

  it('shows a value that is not Avro as binary with the reason, not dropped', async () => {
    const bad = (await browse(avroTopic)).at(-1)!;
    expect(bad.value).toMatchObject({ encoding: 'binary', base64: NOT_AVRO.toString('base64') });
    expect(bad.value.schemaError).toMatch(/no Confluent header.*not avro wharf.test.Payment without a header/);
    expect(bad.key.schemaError).toMatch(/no Confluent header/);
    // The bytes as they are, one mode away.
    const asText = (await browse(avroTopic, 'from=earliest&limit=1000&order=asc&valueMode=text')).at(-1)!;
    expect(asText.value).toMatchObject({ encoding: 'text', display: '{"amount": 99}' });
    expect(asText.value.schemaError).toBeUndefined();
  });

  it('scans with a CEL filter over Avro fields', async () => {
    const { messages, done } = await scan(avroTopic, 'value.amount > 10');
    expect(done).toMatchObject({ reason: 'end', scanned: N + 1, matched: N - 11 });
    expect(messages.map((m) => JSON.parse(m.value.display!).amount)).toEqual(Array.from({ length: N - 11 }, (_, i) => i + 11));
    const both = await scan(avroTopic, 'value.amount > 10 && key.customer == "c1" && value.status == "PAID"');
    const expected = Array.from({ length: N }, (_, i) => i).filter((i) => i > 10 && i % 3 === 1);
    expect(both.messages.map((m) => JSON.parse(m.value.display!).id)).toEqual(expected.map((i) => `p-${i}`));
    // Avro strings are not JSON strings in the bytes: no byte screen may skip them.
    expect((await scan(avroTopic, 'value.id == "p-3"')).messages).toHaveLength(1);
  });

  it('counts the same Avro matches in a replay', async () => {
    const start = await startJobRoute(
      new Request('http://x/api/jobs', {
        method: 'POST',
        body: JSON.stringify({
          dryRun: true,
          params: { kind: 'kafka-replay', source: { connection: ID, topic: avroTopic, filter: 'value.amount > 10' }, target: { kind: 'kafka', connection: ID, topic: rawTopic, partitioning: 'keep' } },
        }),
      }),
      { params: Promise.resolve({}) },
    );
    const started = (await start.json()) as Job;
    expect(start.status).toBe(201);
    const done = await eventually(async () => {
      const j = (await (await getJobRoute(new Request('http://x'), { params: Promise.resolve({ jobId: started.id }) })).json()) as Job;
      return j.status !== 'running' ? j : undefined;
    }, 60_000, 200);
    expect(done).toMatchObject({ status: 'succeeded', progress: { read: N + 1, matched: N - 11, written: 0 } });
  });

  it('decodes Protobuf by the header message indexes, and unframed by the configured type', async () => {
    const [framed, unframed] = await browse(protoTopic);
    expect(framed.value.schema).toEqual({ format: 'protobuf', id: 102, name: 'wharf.test.Payment' });
    expect(JSON.parse(framed.value.display!)).toEqual({ id: 'x', amount: 12, total: '9223372036854775807', status: 'FAILED', lines: [{ sku: 'A', quantity: 1 }], meta: {}, raw: '' });
    expect(unframed.value.schema).toEqual({ format: 'protobuf', id: null, name: 'wharf.test.Payment' });
    expect(JSON.parse(unframed.value.display!)).toMatchObject({ id: 'unframed', amount: 3, total: 0 });
  });

  it('validates JSON Schema values, framed or not, and says why one does not fit', async () => {
    const [j1, j2, j3] = await browse(jsonTopic);
    expect(j1.value).toMatchObject({ encoding: 'json', schema: { format: 'json-schema', id: 103, name: 'Payment' } });
    expect(JSON.parse(j1.value.display!)).toEqual({ id: 'j1', amount: 20, currency: 'EUR' });
    expect(j2.value.schema).toEqual({ format: 'json-schema', id: null, name: 'Payment' });
    expect(j3.value.encoding).toBe('binary');
    expect(j3.value.schemaError).toMatch(/\/amount must be >= 0/);
  });

  it('reads headerless Avro where the topic says so', async () => {
    const [m] = await browse(rawTopic);
    expect(JSON.parse(m.value.display!)).toEqual(shown(7));
    expect(m.value.schema).toEqual({ format: 'avro', id: null, name: 'wharf.test.Payment' });
  });

  it('produces with a schema: the bytes carry the header and read back with avsc and protobufjs', async () => {
    const value = { ...shown(42), total: '42000000294' };
    const sent = await post(avroTopic, { key: { encoding: 'schema', data: '{"customer":"c9"}' }, value: { encoding: 'schema', data: JSON.stringify(value) } });
    expect(sent.status).toBe(201);
    const bytes = await rawValue(avroTopic, sent.body.offset);
    expect([...bytes.subarray(0, 5)]).toEqual([0, 0, 0, 0, 100]);
    expect(PaymentAvro.fromBuffer(bytes.subarray(5))).toEqual(PaymentAvro.fromBuffer(PaymentAvro.toBuffer(payment(42))));
    expect(KeyAvro.fromBuffer((await rawKey(avroTopic, sent.body.offset)).subarray(5))).toEqual(KeyAvro.fromBuffer(KeyAvro.toBuffer({ customer: 'c9' })));
    const [back] = await browse(avroTopic, `from=offset&offset=${sent.body.offset}&limit=1`);
    expect(JSON.parse(back.value.display!)).toEqual(shown(42));

    const proto = await post(protoTopic, { value: { encoding: 'schema', data: '{"id":"made","amount":77,"status":"PAID"}' } });
    expect(proto.status).toBe(201);
    const protoBytes = await rawValue(protoTopic, proto.body.offset);
    // Header, then the index path [1] of wharf.test.Payment (count 1, index 1, zigzag).
    expect([...protoBytes.subarray(0, 7)]).toEqual([0, 0, 0, 0, 102, 2, 2]);
    expect(PaymentProto.toObject(PaymentProto.decode(protoBytes.subarray(7)), { enums: String })).toMatchObject({ id: 'made', amount: 77, status: 'PAID' });
  });

  it('refuses to produce a value its schema does not fit, naming the field and the problem', async () => {
    const bad = await post(avroTopic, { value: { encoding: 'schema', data: '{"id":"x","amount":"lots"}' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/^Invalid value: does not match the Avro schema: .*amount: "lots" is not a valid int/);
    const json = await post(jsonTopic, { value: { encoding: 'schema', data: '{"id":"x"}' } });
    expect(json.status).toBe(400);
    expect(json.body.error?.message).toMatch(/must have required property 'amount'/);
    const header = await post(jsonTopic, { value: { encoding: 'text', data: 'x' }, headers: [{ key: 'h', value: { encoding: 'schema', data: '{}' } as never }] });
    expect(header.status).toBe(400);
  });

  it('tells the produce form the topic schemas and checks a value as it is typed', async () => {
    const info = await schemasRoute(new Request('http://x'), ctx({ id: ID, topic: avroTopic }));
    expect(await info.json()).toEqual({ key: { format: 'avro', id: 101, name: 'wharf.test.PaymentKey' }, value: { format: 'avro', id: 100, name: 'wharf.test.Payment' } });
    const none = await schemasRoute(new Request('http://x'), ctx({ id: ID, topic: 'no-schemas-here' }));
    expect(await none.json()).toEqual({ key: null, value: null });
    const check = async (topic: string, side: string, data: string) =>
      (await (await checkRoute(new Request(`http://x?${new URLSearchParams({ side, data }).toString()}`), ctx({ id: ID, topic }))).json()) as { errors: string[] };
    expect(await check(avroTopic, 'value', JSON.stringify(shown(1)))).toEqual({ errors: [] });
    expect((await check(avroTopic, 'value', JSON.stringify({ ...shown(1), amount: 1.5 }))).errors).toEqual(['amount: 1.5 is not a valid int']);
    expect((await check(protoTopic, 'value', '{"id":"x","unknown":1}')).errors).toHaveLength(1);
    expect((await check(protoTopic, 'key', '{}')).errors).toEqual(['no key schema is configured for this topic']);
    const missing = await schemasRoute(new Request('http://x'), ctx({ id: 'nope', topic: avroTopic }));
    expect(missing.status).toBe(404);
  });
});
