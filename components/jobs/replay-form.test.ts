import { describe, expect, it } from 'vitest';
import { initialReplayForm, presetForMessages, toReplayParams } from './replay-form';

describe('toReplayParams', () => {
  it('builds a Kafka replay from the defaults', () => {
    const r = toReplayParams('local', 'orders', initialReplayForm('local', 'orders'));
    expect(r).toEqual({
      ok: true,
      params: {
        kind: 'kafka-replay',
        source: { connection: 'local', topic: 'orders', partitions: undefined, from: 'earliest', to: 'latest', filter: undefined },
        target: { kind: 'kafka', connection: 'local', topic: 'orders.replay', partitioning: 'keep', partition: undefined, keepTimestamp: false, createTopic: true },
        provenanceHeaders: true,
        allowSameTopic: false,
      },
    });
  });

  it('parses partitions, offsets and times, and names the bad field', () => {
    const f = { ...initialReplayForm('c', 't'), partitions: '2, 0 2', from: { kind: 'offset' as const, value: '10' }, to: { kind: 'timestamp' as const, value: '2026-01-01T00:00:00Z' } };
    const r = toReplayParams('c', 't', f);
    expect(r.ok && r.params.source).toMatchObject({ partitions: [0, 2], from: { offset: 10 }, to: { timestamp: Date.UTC(2026, 0, 1) } });
    expect(toReplayParams('c', 't', { ...f, partitions: 'a' })).toMatchObject({ ok: false, field: 'partitions' });
    expect(toReplayParams('c', 't', { ...f, from: { kind: 'offset', value: '-1' } })).toMatchObject({ ok: false, field: 'from' });
    expect(toReplayParams('c', 't', { ...f, to: { kind: 'timestamp', value: 'soon' } })).toMatchObject({ ok: false, field: 'to' });
    expect(toReplayParams('c', 't', { ...f, targetTopic: 'bad topic' })).toMatchObject({ ok: false, field: 'targetTopic' });
  });

  it('builds a RabbitMQ target', () => {
    const f = { ...initialReplayForm('c', 't'), targetKind: 'rabbitmq' as const, targetConnection: 'r', exchange: 'ex', routingKey: 'orders.{key}' };
    expect(toReplayParams('c', 't', f)).toMatchObject({ ok: true, params: { target: { kind: 'rabbitmq', connection: 'r', vhost: '/', exchange: 'ex', routingKey: 'orders.{key}' } } });
  });
});

describe('presetForMessages', () => {
  it('uses exact offsets for one partition', () => {
    const p = presetForMessages([{ partition: 3, offset: 10, timestamp: 0 }, { partition: 3, offset: 14, timestamp: 0 }], 'key == "a"');
    expect(p).toEqual({ partitions: '3', from: { kind: 'offset', value: '10' }, to: { kind: 'offset', value: '15' }, filter: 'key == "a"' });
    const r = toReplayParams('c', 't', initialReplayForm('c', 't', p));
    expect(r.ok && r.params.source).toMatchObject({ partitions: [3], from: { offset: 10 }, to: { offset: 15 }, filter: 'key == "a"' });
  });
  it('uses a time range covering every shown message across partitions', () => {
    const t0 = Date.UTC(2026, 4, 1, 12, 0, 0, 250);
    const p = presetForMessages([{ partition: 0, offset: 1, timestamp: t0 }, { partition: 2, offset: 9, timestamp: t0 + 5000 }], '');
    const r = toReplayParams('c', 't', initialReplayForm('c', 't', p));
    expect(r.ok && r.params.source.partitions).toEqual([0, 2]);
    const from = r.ok && r.params.source.from;
    const to = r.ok && r.params.source.to;
    expect(from && typeof from === 'object' && 'timestamp' in from && from.timestamp).toBeLessThanOrEqual(t0);
    expect(to && typeof to === 'object' && 'timestamp' in to && to.timestamp).toBeGreaterThan(t0 + 5000);
  });
});
