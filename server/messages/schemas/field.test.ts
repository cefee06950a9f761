import { readFileSync } from 'node:fs';
import path from 'node:path';
import avro from 'avsc';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import type { TopicSchemasConfig } from '../../config/schema';
import { decodeKafkaField, encodeWithSchema, schemaFilterValue } from './field';
import { schemasForTopic } from './source';
import { encodeMessageIndexes, frame } from './wire';

const dir = path.resolve(__dirname, '../../../test/schemas');
const avsc = path.join(dir, 'payment.avsc');
const proto = path.join(dir, 'payment.proto');

const conn = (schemas: Partial<TopicSchemasConfig>[]) => ({ schemas: schemas.map((s) => ({ detect: ['confluent', 'local'], ...s })) as TopicSchemasConfig[] });

const writer = avro.Type.forSchema(JSON.parse(readFileSync(avsc, 'utf8')) as avro.Schema);
const payment = { id: 'p', amount: 11, total: 5, note: null, status: 'NEW', tags: [], meta: {}, raw: Buffer.from('hi') };
const avroBytes = writer.toBuffer(payment);

describe('topic schemas', () => {
  const config = conn([
    { topic: 'pay-.*', value: { format: 'avro', file: avsc, id: 7 }, key: { format: 'avro', file: path.join(dir, 'payment-key.avsc') } },
    { topic: 'proto', value: { format: 'protobuf', file: proto, messageType: 'wharf.test.Payment', id: 8 } },
    { topic: 'raw-only', value: { format: 'avro', file: avsc }, detect: ['local'] },
  ]);

  it('matches whole topic names, first entry first', () => {
    expect(schemasForTopic(config, 'pay-in')).not.toBeNull();
    expect(schemasForTopic(config, 'xpay-in')).toBeNull();
    expect(schemasForTopic(config, 'proto-dlq')).toBeNull();
  });

  it('decodes Confluent-framed and unframed Avro to JSON, keeping the bytes', () => {
    const t = schemasForTopic(config, 'pay-in');
    const framed = frame(7, avroBytes);
    const field = decodeKafkaField(framed, 'auto', undefined, 'value', t);
    expect(field).toMatchObject({ encoding: 'json', schema: { format: 'avro', id: 7, name: 'wharf.test.Payment' }, base64: framed.toString('base64'), size: framed.length });
    expect(JSON.parse(field.display!)).toEqual({ ...payment, raw: 'aGk=' });
    expect(decodeKafkaField(avroBytes, 'auto', undefined, 'value', t)).toMatchObject({ encoding: 'json', schema: { id: null } });
    expect(schemaFilterValue(framed, 'value', t)).toMatchObject({ amount: 11 });
    // A forced mode shows the bytes.
    expect(decodeKafkaField(framed, 'hex', undefined, 'value', t)).toMatchObject({ encoding: 'binary' });
  });

  it('shows a value its schema does not fit as binary with the reason', () => {
    const t = schemasForTopic(config, 'pay-in');
    const field = decodeKafkaField(Buffer.from('{"not":"avro"}'), 'auto', undefined, 'value', t);
    expect(field.encoding).toBe('binary');
    expect(field.schemaError).toMatch(/no Confluent header.*not avro wharf.test.Payment without a header/);
    expect(field.base64).toBe(Buffer.from('{"not":"avro"}').toString('base64'));
    const unknownId = decodeKafkaField(frame(99, avroBytes), 'auto', undefined, 'value', t);
    expect(unknownId.schemaError).toMatch(/schema id 99 is not configured/);
    expect(schemaFilterValue(Buffer.from('{"not":"avro"}'), 'value', t)).toBe(Buffer.from('{"not":"avro"}').toString('base64'));
  });

  it('decodes any side by a known id, and leaves other zero-led bytes alone where the side has no schema', () => {
    const t = schemasForTopic(config, 'proto');
    expect(decodeKafkaField(frame(7, avroBytes), 'auto', undefined, 'key', t)).toMatchObject({ encoding: 'json', schema: { format: 'avro', id: 7 } });
    const longKey = Buffer.from([0, 0, 0, 0, 0, 0, 0, 42]);
    expect(decodeKafkaField(longKey, 'auto', undefined, 'key', t)).toEqual({ encoding: 'binary', display: '00 00 00 00 00 00 00 2a', base64: longKey.toString('base64'), size: 8, truncated: false });
  });

  it('reads Protobuf message indexes from the header', () => {
    const t = schemasForTopic(config, 'proto');
    const root = protobuf.loadSync(proto);
    const Payment = root.lookupType('wharf.test.Payment');
    const body = Buffer.from(Payment.encode(Payment.fromObject({ id: 'x', amount: 3 })).finish());
    const framed = Buffer.concat([frame(8, Buffer.alloc(0)), encodeMessageIndexes([1]), body]);
    expect(JSON.parse(decodeKafkaField(framed, 'auto', undefined, 'value', t).display!)).toMatchObject({ id: 'x', amount: 3, status: 'NEW' });
    // Produce writes the same header.
    expect(encodeWithSchema('{"id":"x","amount":3}', 'value', t).equals(framed)).toBe(true);
  });

  it('follows the per-topic detection order', () => {
    const t = schemasForTopic(config, 'raw-only');
    // Without "confluent" a leading zero is Avro data, not a header.
    expect(decodeKafkaField(frame(7, avroBytes), 'auto', undefined, 'value', t).schemaError).toMatch(/without a header/);
    expect(decodeKafkaField(avroBytes, 'auto', undefined, 'value', t).schema).toEqual({ format: 'avro', id: null, name: 'wharf.test.Payment' });
    expect(encodeWithSchema(JSON.stringify({ ...payment, raw: 'aGk=' }), 'value', t).equals(avroBytes)).toBe(true);
  });

  it('reports a schema file that does not compile on every value, without failing the read', () => {
    const t = schemasForTopic(conn([{ topic: 'bad', value: { format: 'avro', file: proto } }]), 'bad');
    expect(decodeKafkaField(avroBytes, 'auto', undefined, 'value', t).schemaError).toMatch(/could not be compiled/);
  });
});
