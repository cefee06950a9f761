import { describe, expect, it } from 'vitest';
import type { ReadCost } from '@/lib/contracts/rabbitmq';
import { readPlan } from './read-plan';

const quorum = (lastRead: ReadCost['lastRead'], extra: Partial<ReadCost> = {}): ReadCost => ({
  queueType: 'quorum',
  brokerVersion: '3.10.8',
  limit: 2,
  limitSource: 'argument',
  requeueCounts: true,
  confirmNeeded: true,
  readOnlyRefused: false,
  summary: '',
  lastRead,
  ...extra,
});
const seen = (...counts: number[]): ReadCost['lastRead'] => ({
  at: '2026-12-03T12:00:00.000Z',
  messages: counts.map((c, i) => ({ position: i + 1, deliveryCount: c, deliveriesLeft: 2 - c })),
});

describe('readPlan', () => {
  it('a read costs classic queues, streams and 4.3 quorum queues nothing', () => {
    expect(readPlan(quorum(null, { queueType: 'classic', requeueCounts: false }), 5).lines).toEqual([]);
    expect(readPlan(quorum(seen(1), { brokerVersion: '4.3.0', requeueCounts: false }), 5).lines).toEqual([]);
  });

  it('says per message what is left before and after, and what it cannot know', () => {
    const plan = readPlan(quorum(seen(0, 1)), 4);
    expect(plan.stopsBefore).toBeNull();
    expect(plan.lines.map((l) => [l.tone, l.text.split(':')[0]])).toEqual([
      ['ok', '#1'],
      ['warn', '#2'],
      ['warn', '#3–#4'],
    ]);
    expect(plan.lines[0].text).toBe('#1: 2 requeues left, 1 after this read');
    expect(plan.lines[1].text).toMatch(/1 requeue left, none after this read/);
    expect(plan.lines[2].text).toMatch(/not seen by Wharf yet.*limit of 2.*copies it to the tail/);
  });

  it('stops before a message at its limit', () => {
    const plan = readPlan(quorum(seen(1, 2, 0)), 3);
    expect(plan.stopsBefore).toBe(2);
    expect(plan.lines.map((l) => l.tone)).toEqual(['warn', 'stop']);
    expect(plan.lines[1].text).toMatch(/#2: at its delivery limit \(2 of 2\): not read/);
  });

  it('an unknown limit is named as such', () => {
    expect(readPlan(quorum(null, { limit: null, limitSource: 'unknown' }), 1).lines[0].text).toMatch(/^#1: .*a delivery limit Wharf cannot see yet/);
  });
});
