import { readFileSync } from 'node:fs';
import path from 'node:path';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { maskFilterContext, maskKafkaMessage, maskPlan } from '../../auth/masking';
import type { TopicSchemasConfig } from '../../config/schema';
import { compileFilter, KAFKA_FILTER_VARIABLES } from '../../filters/cel';
import { schemasForTopic } from '../../messages/schemas/source';
import { frame } from '../../messages/schemas/wire';
import type { RecordView } from './record-batch';
import { recordMatcher } from './record-filter';
import { filterContext, FetchedRecord, NO_HEADERS, toMessage } from './to-message';

const avsc = path.resolve(__dirname, '../../../test/schemas/payment.avsc');
const writer = avro.Type.forSchema(JSON.parse(readFileSync(avsc, 'utf8')) as avro.Schema);
const schemas = schemasForTopic({ schemas: [{ topic: 'pay', detect: ['confluent', 'local'], value: { format: 'avro', file: avsc, id: 5 } }] as TopicSchemasConfig[] }, 'pay');
const payment = (amount: number, id = `p-${amount}`) => ({ id, amount, total: 1, note: 'secret note', status: 'NEW', tags: [], meta: {}, raw: Buffer.alloc(0) });
const record = (offset: number, value: Buffer) => new FetchedRecord(0, offset, 0, 'create', null, value, NO_HEADERS, undefined);
const records = [record(0, frame(5, writer.toBuffer(payment(3)))), record(1, frame(5, writer.toBuffer(payment(30, 'error')))), record(2, Buffer.from('{"amount":99}'))];

describe('Kafka messages decoded with schemas', () => {
  it('gives CEL the decoded value, with or without masking, and never screens Avro bytes as JSON', () => {
    for (const expr of ['value.amount > 10', 'value.id == "error"']) {
      const filter = compileFilter(expr, KAFKA_FILTER_VARIABLES);
      const plain = recordMatcher(filter, null, schemas);
      expect(plain.screen).toBeNull();
      expect(records.filter((r) => plain.matches(r as unknown as RecordView)).map((r) => r.offset)).toEqual([1]);
      const masked = recordMatcher(filter, maskPlan('pay', [{ resource: 'pay', fields: ['note'], headers: [] }]), schemas);
      expect(records.filter((r) => masked.matches(r as unknown as RecordView)).map((r) => r.offset)).toEqual([1]);
      // Without the schemas the same filter finds nothing in Avro bytes (and the JSON record has no such id).
      expect(records.filter((r) => recordMatcher(filter, null, null).matches(r as unknown as RecordView)).map((r) => r.offset)).toEqual(expr.includes('amount') ? [2] : []);
    }
  });

  it('masks fields of a decoded value, in the message and in what CEL sees', () => {
    const plan = maskPlan('pay', [{ resource: 'pay', fields: ['note'], headers: [] }]);
    const m = maskKafkaMessage(toMessage(records[0], { keyMode: 'auto', valueMode: 'auto', schemas }), plan);
    expect(m.masked).toBe(true);
    expect(JSON.parse(m.value.display!)).toMatchObject({ note: '***', amount: 3 });
    expect(m.value.base64).toBeNull();
    expect(m.value.schema).toEqual({ format: 'avro', id: 5, name: 'wharf.test.Payment' });
    expect(maskFilterContext(filterContext(records[0], schemas), plan).value).toMatchObject({ note: '***', amount: 3 });
    // A value its schema did not fit is hidden whole, as any value the rules cannot look into.
    expect(maskKafkaMessage(toMessage(records[2], { keyMode: 'auto', valueMode: 'auto', schemas }), plan).value).toMatchObject({ display: '***', base64: null });
  });
});
