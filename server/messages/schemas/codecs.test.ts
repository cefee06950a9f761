import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import avro from 'avsc';
import protobuf from 'protobufjs';
import 'protobufjs/ext/descriptor';
import { describe, expect, it } from 'vitest';
import { avroCodec } from './avro';
import { jsonSchemaCodec } from './json-schema';
import { protobufCodec } from './protobuf';
import { decodeMessageIndexes, encodeMessageIndexes, frame, unframe } from './wire';

const SCHEMAS = path.resolve(__dirname, '../../../test/schemas');
const AVSC = readFileSync(path.join(SCHEMAS, 'payment.avsc'), 'utf8');
const PROTO = path.join(SCHEMAS, 'payment.proto');
const JSON_SCHEMA = readFileSync(path.join(SCHEMAS, 'payment.schema.json'), 'utf8');

describe('Confluent framing', () => {
  it('reads the magic byte and the big-endian schema id', () => {
    const framed = frame(258, Buffer.from([7, 8]));
    expect([...framed]).toEqual([0, 0, 0, 1, 2, 7, 8]);
    expect(unframe(framed)).toEqual({ schemaId: 258, payload: Buffer.from([7, 8]) });
    expect(unframe(Buffer.from([1, 0, 0, 0, 1]))).toBeNull();
    expect(unframe(Buffer.from([0, 0, 0]))).toBeNull();
  });
  it('writes message indexes as zigzag varints, [0] as a single zero', () => {
    expect([...encodeMessageIndexes([0])]).toEqual([0]);
    expect([...encodeMessageIndexes([1])]).toEqual([2, 2]);
    expect([...encodeMessageIndexes([1, 0])]).toEqual([4, 2, 0]);
    expect([...encodeMessageIndexes([70])]).toEqual([2, 0x8c, 0x01]);
    for (const path of [[0], [1], [1, 0], [70, 3, 200]]) {
      const { indexes, rest } = decodeMessageIndexes(Buffer.concat([encodeMessageIndexes(path), Buffer.from([9])]));
      expect(indexes).toEqual(path);
      expect([...rest]).toEqual([9]);
    }
    expect(() => decodeMessageIndexes(Buffer.from([4, 2]))).toThrow(/truncated/);
  });
});

describe('Avro', () => {
  // avsc as a writer would use it, with its own defaults: longs as JS numbers.
  const writer = avro.Type.forSchema(JSON.parse(AVSC) as avro.Schema);
  const record = {
    id: 'p-1',
    amount: 42,
    total: 1_234_567_890_123,
    note: 'first',
    status: 'PAID',
    tags: ['a', 'b'],
    meta: { retries: 3 },
    raw: Buffer.from([0, 1, 255]),
  };

  it('decodes what avsc wrote, exactly, bytes as base64', () => {
    const codec = avroCodec(AVSC);
    expect(codec.name).toBe('wharf.test.Payment');
    expect(codec.decode(writer.toBuffer(record))).toEqual({ ...record, raw: 'AAH/' });
    expect(codec.decode(writer.toBuffer({ ...record, note: null }))).toMatchObject({ note: null });
  });

  it('keeps longs past 2^53 as decimal strings', () => {
    const bigLong = avro.types.LongType.__with({
      fromBuffer: (b: Buffer) => b.readBigInt64LE(),
      toBuffer: (n: bigint) => {
        const b = Buffer.alloc(8);
        b.writeBigInt64LE(n);
        return b;
      },
      fromJSON: BigInt,
      toJSON: Number,
      isValid: (n: unknown) => typeof n === 'bigint',
      compare: () => 0,
    });
    const bigWriter = avro.Type.forSchema(JSON.parse(AVSC) as avro.Schema, { registry: { long: bigLong } });
    const bytes = bigWriter.toBuffer({ ...record, total: 2n ** 62n + 1n, meta: { x: -(2n ** 63n) } });
    expect(avroCodec(AVSC).decode(bytes)).toMatchObject({ total: '4611686018427387905', meta: { x: '-9223372036854775808' } });
  });

  it('encodes JSON-like values that avsc reads back, and says why a value does not fit', () => {
    const codec = avroCodec(AVSC);
    const bytes = codec.encode({ ...record, raw: 'AAH/', total: '1234567890123' });
    expect(writer.fromBuffer(bytes)).toEqual(writer.fromBuffer(writer.toBuffer(record)));
    expect(codec.validate({ ...record, raw: 'AAH/' })).toEqual([]);
    expect(codec.validate({ ...record, raw: 'AAH/', amount: 'lots' })).toEqual(['amount: "lots" is not a valid int']);
    expect(codec.validate({ ...record, raw: 'AAH/', extra: 1 })).toEqual(['(value): extra not in wharf.test.Payment']);
    expect(() => codec.encode({ id: 'x' })).toThrow(/does not match the Avro schema/);
  });

  it('fails on bytes of another schema', () => {
    const other = avro.Type.forSchema({ type: 'record', name: 'Other', fields: [{ name: 'x', type: 'string' }] });
    expect(() => avroCodec(AVSC).decode(other.toBuffer({ x: 'hello world, this is not a payment' }))).toThrow();
  });
});

describe('Protobuf', () => {
  const writerRoot = protobuf.loadSync(PROTO);
  const Payment = writerRoot.lookupType('wharf.test.Payment');
  const message = {
    id: 'p-2',
    amount: 12,
    total: '9223372036854775807',
    status: 1,
    lines: [{ sku: 'A-1', quantity: 2 }],
    meta: { k: 'v' },
    raw: Buffer.from([1, 2, 3]),
  };
  const encoded = Buffer.from(Payment.encode(Payment.fromObject(message)).finish());

  it('decodes what protobufjs wrote from the .proto, exactly', () => {
    const codec = protobufCodec(PROTO, 'wharf.test.Payment');
    expect(codec.name).toBe('wharf.test.Payment');
    expect(codec.messageIndexes).toEqual([1]);
    expect(codec.decode(encoded)).toEqual({
      id: 'p-2',
      amount: 12,
      total: '9223372036854775807',
      status: 'PAID',
      lines: [{ sku: 'A-1', quantity: 2 }],
      meta: { k: 'v' },
      raw: 'AQID',
    });
    const small = Buffer.from(Payment.encode(Payment.fromObject({ ...message, total: 5 })).finish());
    expect(codec.decode(small)).toMatchObject({ total: 5 });
  });

  it('follows the message-index path of a Confluent header', () => {
    const codec = protobufCodec(PROTO, undefined);
    expect(codec.name).toBe('wharf.test.Header');
    expect(codec.messageIndexes).toEqual([0]);
    const Line = writerRoot.lookupType('wharf.test.Payment.Line');
    const line = Buffer.from(Line.encode(Line.fromObject({ sku: 'Z', quantity: 9 })).finish());
    expect(codec.decode(line, [1, 0])).toEqual({ sku: 'Z', quantity: 9 });
    expect(codec.decode(encoded, [1])).toMatchObject({ id: 'p-2' });
    expect(() => codec.decode(encoded, [5])).toThrow(/names no message/);
  });

  it('reads a FileDescriptorSet as well as a .proto', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wharf-proto-'));
    const file = path.join(dir, 'payment.desc');
    const set = (writerRoot as protobuf.Root & { toDescriptor(e?: string): protobuf.Message }).toDescriptor('proto3');
    writeFileSync(file, (set.$type as protobuf.Type).encode(set).finish());
    expect(protobufCodec(file, 'wharf.test.Payment').decode(encoded)).toMatchObject({ id: 'p-2', status: 'PAID', raw: 'AQID' });
  });

  it('encodes ProtoJSON that protobufjs reads back, and rejects unknown fields', () => {
    const codec = protobufCodec(PROTO, 'wharf.test.Payment');
    const bytes = codec.encode({ id: 'p-3', amount: 7, total: '123', status: 'FAILED', raw: 'AQID' });
    expect(Payment.toObject(Payment.decode(bytes), { longs: String, enums: String, bytes: String })).toMatchObject({ id: 'p-3', amount: 7, total: '123', status: 'FAILED', raw: 'AQID' });
    expect(codec.validate({ id: 'p', nope: 1 })).toHaveLength(1);
    expect(codec.validate({ id: 'p', amount: 3 })).toEqual([]);
  });
});

describe('JSON Schema', () => {
  it('validates parsed JSON with ajv and says where it does not fit', () => {
    const codec = jsonSchemaCodec(JSON_SCHEMA);
    expect(codec.name).toBe('Payment');
    expect(codec.decode(Buffer.from('{"id":"p","amount":3,"currency":"EUR"}'))).toEqual({ id: 'p', amount: 3, currency: 'EUR' });
    expect(() => codec.decode(Buffer.from('{"id":"p","amount":-1,"currency":"GBP"}'))).toThrow(/\/amount must be >= 0.*\/currency must be equal to one of the allowed values/);
    expect(() => codec.decode(Buffer.from([0xff]))).toThrow(/not UTF-8/);
    expect(codec.encode({ id: 'p', amount: 1, currency: 'USD' }).toString()).toBe('{"id":"p","amount":1,"currency":"USD"}');
    expect(codec.validate({ id: 'p' })).toEqual(["(value) must have required property 'amount'", "(value) must have required property 'currency'"]);
  });
});
