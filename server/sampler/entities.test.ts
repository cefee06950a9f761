import { describe, expect, it } from 'vitest';
import { rabbitmqEntities, toSamples } from './entities';
import type { RawNode, RawQueue } from './rabbitmq-collect';

const q = (name: string, over: Partial<RawQueue> = {}): RawQueue => ({
  vhost: '/',
  name,
  ready: 0,
  unacked: 0,
  consumers: 0,
  publishRate: 0,
  deliverRate: 0,
  ackRate: 0,
  ...over,
});

describe('rabbitmqEntities', () => {
  it('adds a connection-level sum over the queues, ack rate included', () => {
    const out = rabbitmqEntities({ ts: 1, requests: 1, nodes: [], queues: [q('a', { ready: 2, unacked: 1, publishRate: 1.5, ackRate: 0.5 }), q('b', { ready: 3, ackRate: null })] });
    expect(out.find((e) => e.kind === 'queue' && e.id === '%2F/a')?.metrics).toMatchObject({ ready: 2, unacked: 1, publishRate: 1.5, ackRate: 0.5 });
    expect(out.find((e) => e.kind === 'connection')).toEqual({
      kind: 'connection',
      id: '*',
      metrics: { ready: 5, unacked: 1, publishRate: 1.5, deliverRate: 0, ackRate: 0.5 },
    });
  });
  it('keeps a figure unknown when no queue reports it, and zero when there is no queue at all', () => {
    const unknown = rabbitmqEntities({ ts: 1, requests: 1, nodes: [], queues: [q('new', { ready: null, unacked: null, publishRate: null, deliverRate: null, ackRate: null })] });
    expect(unknown.find((e) => e.kind === 'connection')?.metrics).toEqual({ ready: null, unacked: null, publishRate: null, deliverRate: null, ackRate: null });
    expect(toSamples(1, unknown.filter((e) => e.kind === 'connection'))).toEqual([]);
    const empty = rabbitmqEntities({ ts: 1, requests: 1, nodes: [], queues: [] });
    expect(empty).toEqual([{ kind: 'connection', id: '*', metrics: { ready: 0, unacked: 0, publishRate: 0, deliverRate: 0, ackRate: 0 } }]);
  });
  it('emits each node with its resources; a figure the broker left out stays unknown', () => {
    const node: RawNode = { name: 'rabbit@a', memUsed: 100, memLimit: 400, diskFree: 9000, diskFreeLimit: 50, fdUsed: 38, fdTotal: 1024, socketsUsed: 0, procUsed: 407, runQueue: null };
    const out = rabbitmqEntities({ ts: 1, requests: 2, nodes: [node], queues: [] });
    const e = out.find((x) => x.kind === 'node');
    expect(e).toEqual({
      kind: 'node',
      id: 'rabbit@a',
      metrics: { memUsed: 100, memLimit: 400, diskFree: 9000, diskFreeLimit: 50, fdUsed: 38, fdTotal: 1024, socketsUsed: 0, procUsed: 407, runQueue: null },
    });
    expect(toSamples(1, [e!]).map((s) => s.metric)).not.toContain('runQueue');
    expect(toSamples(1, [e!]).find((s) => s.metric === 'socketsUsed')?.value).toBe(0);
  });
});
