import { describe, expect, it } from 'vitest';
import type { KafkaRaw } from './kafka-types';
import { fromWire, toWire } from './raw-wire';

describe('raw readings handed to other replicas', () => {
  it('a Kafka reading survives JSON with its topic map', () => {
    const raw: KafkaRaw = {
      ts: 1,
      topics: new Map([['t', [{ partition: 0, low: 0, high: 5 }]]]),
      groups: [{ groupId: 'g', state: 'Stable', protocolType: 'consumer', protocol: 'range', members: [], committed: [{ topic: 't', partition: 0, offset: 3 }] }],
    };
    const back = fromWire('kafka', JSON.parse(JSON.stringify(toWire(raw)))) as KafkaRaw;
    expect(back.topics.get('t')).toEqual([{ partition: 0, low: 0, high: 5 }]);
    expect(back.groups).toEqual(raw.groups);
  });

  it('a RabbitMQ reading keeps its nodes, and one from a replica that sends none gets no nodes', () => {
    const node = { name: 'rabbit@a', memUsed: 1, memLimit: 2, diskFree: 3, diskFreeLimit: 4, fdUsed: 5, fdTotal: 6, socketsUsed: 7, procUsed: 8, runQueue: 0 };
    const raw = { ts: 1, queues: [], nodes: [node], requests: 2 };
    expect(fromWire('rabbitmq', JSON.parse(JSON.stringify(toWire(raw))))).toEqual(raw);
    expect(fromWire('rabbitmq', { ts: 1, queues: [], requests: 1 })).toEqual({ ts: 1, queues: [], nodes: [], requests: 1 });
  });

  it('refuses what is not a reading of the connection kind', () => {
    expect(() => fromWire('kafka', { ts: 1, queues: [] })).toThrow(/not a Kafka reading/);
    expect(() => fromWire('rabbitmq', { ts: 1, topics: [], groups: [] })).toThrow(/not a RabbitMQ reading/);
  });
});
