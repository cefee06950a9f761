import { describe, expect, it } from 'vitest';
import type { DecodedField } from '@/lib/contracts/messages';
import type { KafkaMessage } from '@/lib/contracts/kafka-messages';
import type { InspectedMessage } from '@/lib/contracts/rabbitmq-messages';
import { MASK, maskFilterContext, maskInspectedMessage, maskJsonPaths, maskKafkaMessage, maskMessageFields, maskPlan, rulesFor } from './masking';

const json = (v: unknown): DecodedField => {
  const display = JSON.stringify(v, null, 2);
  return { encoding: 'json', display, base64: Buffer.from(JSON.stringify(v)).toString('base64'), size: display.length, truncated: false };
};
const rules = [
  { resource: '^payments\\.', fields: ['card.number', 'items.*.email'], headers: ['Authorization'] },
  { resource: 'audit', fields: [], headers: ['x-user'] },
];
const order = { id: 7, card: { number: '4111111111111111', expiry: '12/30' }, items: [{ email: 'a@x.io', qty: 1 }, { email: 'b@x.io', qty: 2 }] };

describe('maskJsonPaths', () => {
  it('masks nested paths and wildcards without touching the input', () => {
    const { value, changed } = maskJsonPaths(order, ['card.number', 'items.*.email', 'missing.path']);
    expect(changed).toBe(true);
    expect(value).toEqual({ id: 7, card: { number: MASK, expiry: '12/30' }, items: [{ email: MASK, qty: 1 }, { email: MASK, qty: 2 }] });
    expect(order.card.number).toBe('4111111111111111');
  });

  it('reports no change when nothing matches', () => {
    expect(maskJsonPaths({ a: 1 }, ['b.c'])).toEqual({ value: { a: 1 }, changed: false });
    expect(maskJsonPaths('plain', ['a'])).toEqual({ value: 'plain', changed: false });
  });
});

describe('maskMessageFields', () => {
  const msg = { offset: '3', value: json(order), headers: { authorization: 'Bearer abc', trace: 't-1' } };

  it('hides named fields and headers from viewers and readers, and drops the raw bytes', () => {
    for (const role of ['viewer', 'reader', null] as const) {
      const out = maskMessageFields(msg, { resource: 'payments.orders', role, rules });
      expect(out.masked).toBe(true);
      expect(JSON.parse(out.value!.display!)).toMatchObject({ card: { number: MASK, expiry: '12/30' }, items: [{ email: MASK }, { email: MASK }] });
      expect(out.value!.base64).toBeNull();
      expect(out.headers).toEqual({ authorization: MASK, trace: 't-1' });
      expect(out.offset).toBe('3');
    }
  });

  it('leaves messages whole for operators and admins, and on resources no rule names', () => {
    expect(maskMessageFields(msg, { resource: 'payments.orders', role: 'operator', rules })).toBe(msg);
    expect(maskMessageFields(msg, { resource: 'payments.orders', role: 'admin', rules })).toBe(msg);
    expect(maskMessageFields(msg, { resource: 'orders', role: 'viewer', rules })).toBe(msg);
  });

  it('hides a value it cannot look into (text, binary, truncated JSON) whole', () => {
    const text: DecodedField = { encoding: 'text', display: 'card=4111', base64: 'Y2FyZD00MTEx', size: 9, truncated: false };
    const truncated: DecodedField = { ...json(order), display: '{"card": {"num', truncated: true, base64: null };
    for (const value of [text, truncated]) {
      const out = maskMessageFields({ value }, { resource: 'payments.x', role: 'reader', rules });
      expect(out.value).toMatchObject({ display: MASK, base64: null });
    }
  });

  it('masks decoded headers and matches header names case-insensitively', () => {
    const header: DecodedField = { encoding: 'text', display: 'alice', base64: 'YWxpY2U=', size: 5, truncated: false };
    const out = maskMessageFields({ value: null, headers: { 'X-User': header } }, { resource: 'audit-trail', role: 'reader', rules });
    expect(out.headers!['X-User']).toMatchObject({ display: MASK, base64: null });
    expect(out.value).toBeNull();
  });
});

describe('rulesFor', () => {
  it('matches the resource regex', () => {
    expect(rulesFor('payments.eu', rules)).toHaveLength(1);
    expect(rulesFor('eu.payments', rules)).toHaveLength(0);
    expect(rulesFor('audit', rules)).toHaveLength(1);
  });
});

describe('masking the messages the routes send', () => {
  const plan = maskPlan('payments.orders', rules);
  const text = (display: string): DecodedField => ({ encoding: 'text', display, base64: Buffer.from(display).toString('base64'), size: display.length, truncated: false });

  it('builds no plan for a resource no rule names', () => {
    expect(maskPlan('orders', rules)).toBeNull();
    expect(plan).toEqual({ paths: ['card.number', 'items.*.email'], headers: new Set(['authorization']) });
  });

  it('masks a Kafka message, every header of a repeated name, and leaves others whole', () => {
    const m: KafkaMessage = {
      partition: 0, offset: 1, timestamp: 0, timestampType: 'create', key: text('k'), value: json(order), size: 10,
      headers: [{ key: 'Authorization', value: text('a') }, { key: 'authorization', value: text('b') }, { key: 'trace', value: text('t') }],
    };
    const out = maskKafkaMessage(m, plan);
    expect(out.masked).toBe(true);
    expect(JSON.parse(out.value.display!)).toMatchObject({ card: { number: MASK } });
    expect(out.headers.map((h) => h.value.display)).toEqual([MASK, MASK, 't']);
    expect(out.key).toBe(m.key);
    expect(maskKafkaMessage(m, null)).toBe(m);
    expect(maskKafkaMessage({ ...m, value: json({ other: 1 }), headers: [] }, plan).masked).toBeUndefined();
  });

  it('masks a RabbitMQ message, whatever the header value type', () => {
    const m: InspectedMessage = {
      index: 0, payload: json(order), properties: {}, headers: { authorization: { nested: 1 }, trace: 't' },
      redelivered: false, exchange: '', routingKey: 'q', streamOffset: null,
    };
    const out = maskInspectedMessage(m, plan);
    expect(out).toMatchObject({ masked: true, headers: { authorization: MASK, trace: 't' } });
    expect(JSON.parse(out.payload.display!)).toMatchObject({ items: [{ email: MASK }, { email: MASK }] });
  });

  it('masks what a filter sees, so it cannot test hidden values', () => {
    const ctx = { key: 'k', value: order, headers: { authorization: 'Bearer x', trace: 't' } };
    expect(maskFilterContext(ctx, plan)).toMatchObject({ key: 'k', value: { card: { number: MASK } }, headers: { authorization: MASK, trace: 't' } });
    expect(maskFilterContext({ value: 'card=4111' }, plan)).toEqual({ value: MASK });
    expect(maskFilterContext(ctx, null)).toBe(ctx);
  });
});
