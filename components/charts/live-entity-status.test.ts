import { describe, expect, it } from 'vitest';
import type { LiveTick } from '@/lib/contracts/metrics';
import { emptyChartText, liveEntityStatus } from './live-entity-status';

const tick = (over: Partial<LiveTick>): LiveTick => ({ connection: 'c', ts: 10, durationMs: 1, brokerRequests: 1, error: null, entities: [], ...over });
const queue = { kind: 'queue' as const, id: '%2F/orders', metrics: { ready: 3, unacked: null, publishRate: null, deliverRate: null } };

describe('liveEntityStatus', () => {
  it('waits for a first tick', () => {
    expect(liveEntityStatus(undefined, 'queue', 'x', ['ready'])).toEqual({ state: 'waiting' });
  });
  it('reports a failing sampler before anything else', () => {
    expect(liveEntityStatus(tick({ error: 'ECONNREFUSED', entities: [queue] }), 'queue', queue.id, ['ready'])).toEqual({ state: 'sampler-error', error: 'ECONNREFUSED', ts: 10 });
  });
  it('tells an entity missing from the tick apart from one with unknown figures', () => {
    expect(liveEntityStatus(tick({ entities: [queue] }), 'queue', '%2F/other', ['ready'])).toEqual({ state: 'not-sampled', ts: 10 });
    expect(liveEntityStatus(tick({ entities: [queue] }), 'queue', queue.id, ['ready', 'unacked', 'ackRate'])).toEqual({ state: 'sampled', ts: 10, unknown: ['unacked', 'ackRate'] });
  });
  it('matches on kind as well as id', () => {
    expect(liveEntityStatus(tick({ entities: [queue] }), 'connection', queue.id, ['ready']).state).toBe('not-sampled');
  });
});

describe('emptyChartText', () => {
  const sampled = liveEntityStatus(tick({ entities: [queue] }), 'queue', queue.id, ['ready', 'unacked', 'publishRate', 'deliverRate']);
  it('says unknown only when every charted figure is unknown', () => {
    expect(emptyChartText(sampled, ['publishRate', 'deliverRate'], 'this queue')).toBe('Unknown: the broker does not report these figures for this queue yet');
    expect(emptyChartText(sampled, ['ready', 'unacked'], 'this queue')).toBe('No samples in this range yet');
  });
  it('names the sampler error and an entity the sampler has not seen', () => {
    expect(emptyChartText({ state: 'sampler-error', error: 'timeout', ts: 1 }, ['ready'], 'this queue')).toBe('No samples: the sampler cannot read the broker (timeout)');
    expect(emptyChartText({ state: 'not-sampled', ts: 1 }, ['ready'], 'this queue')).toBe('The sampler has not seen this queue yet');
    expect(emptyChartText({ state: 'waiting' }, ['ready'], 'this queue')).toBe('No samples in this range yet');
  });
});
