import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lagFixture, sleep, uniqueName, waitForCommit, type LagFixture } from '@/test/lag/kafka-fixture';
import { getConnectorOf } from '../connections/registry';
import { Sampler } from './sampler';

/** Short window so each status shows within seconds; the rules are the same at any scale. */
const WINDOW = 5;
const TICKS = 7;
const GAP_MS = 600;

describe('lag status with real consumers driven into each state', () => {
  let f: LagFixture;
  let sampler: Sampler;
  let releaseStuck: () => void = () => undefined;
  const groups = { ok: uniqueName('ok'), warn: uniqueName('warn'), stop: uniqueName('stop'), stall: uniqueName('stall'), rewind: uniqueName('rewind') };
  const topics: Record<keyof typeof groups, string> = { ok: '', warn: '', stop: '', stall: '', rewind: '' };
  const status = (key: keyof typeof groups) => sampler.kafka?.groups.find((g) => g.groupId === groups[key])?.lagStatus;

  beforeAll(async () => {
    f = await lagFixture();
    for (const key of Object.keys(groups) as Array<keyof typeof groups>) {
      topics[key] = await f.createTopic(1);
      await f.produce(topics[key], 10);
    }

    // OK: keeps up with everything it is sent.
    const ok = f.consumer(groups.ok, { maxWaitTimeInMs: 50 });
    await ok.connect();
    await ok.subscribe({ topic: topics.ok, fromBeginning: true });
    await ok.run({ autoCommitThreshold: 1, eachMessage: async () => undefined });

    // WARN: commits every message but at ~4 msg/s, slower than the producer below.
    const warn = f.consumer(groups.warn, { maxBytesPerPartition: 2048 });
    await warn.connect();
    await warn.subscribe({ topic: topics.warn, fromBeginning: true });
    await warn.run({ autoCommitThreshold: 1, eachMessage: async () => { await sleep(250); } });

    // STOP: reads what there is, commits, and goes away; more messages arrive only before the window.
    const stop = f.consumer(groups.stop);
    await stop.connect();
    await stop.subscribe({ topic: topics.stop, fromBeginning: true });
    await stop.run({ autoCommitThreshold: 1, eachMessage: async () => undefined });
    await waitForCommit(f.admin, groups.stop, topics.stop, 10);
    await stop.disconnect();
    await f.produce(topics.stop, 7);

    // STALL: alive but stuck on one message while messages keep arriving.
    const gate = new Promise<void>((resolve) => (releaseStuck = resolve));
    let seen = 0;
    const stall = f.consumer(groups.stall);
    await stall.connect();
    await stall.subscribe({ topic: topics.stall, fromBeginning: true });
    await stall.run({
      autoCommitThreshold: 1,
      eachMessage: async () => {
        seen++;
        if (seen > 10) await gate;
      },
    });
    await waitForCommit(f.admin, groups.stall, topics.stall, 10);
    await f.produce(topics.stall, 1);

    // REWIND: reads and commits everything, leaves; an operator then moves it back (during the window).
    const rewind = f.consumer(groups.rewind);
    await rewind.connect();
    await rewind.subscribe({ topic: topics.rewind, fromBeginning: true });
    await rewind.run({ autoCommitThreshold: 1, eachMessage: async () => undefined });
    await waitForCommit(f.admin, groups.ok, topics.ok, 10);
    await waitForCommit(f.admin, groups.rewind, topics.rewind, 10);
    await rewind.disconnect();

    sampler = new Sampler(getConnectorOf('local-kafka', 'kafka'), { intervalMs: 60_000, windowSamples: WINDOW, history: null });
    for (let i = 0; i < TICKS; i++) {
      await Promise.all([f.produce(topics.ok, 3), f.produce(topics.warn, 30), f.produce(topics.stall, 5)]);
      if (i === 3) await f.commit(groups.rewind, topics.rewind, [{ partition: 0, offset: 2 }]);
      await sleep(GAP_MS);
      await sampler.tick();
      expect(sampler.lastTick?.error).toBeNull();
    }
  });

  afterAll(async () => {
    releaseStuck();
    await sampler?.stop();
    await f?.cleanup();
  });

  it('OK for a consumer that keeps up', () => {
    expect(status('ok')).toEqual({ status: 'OK', reason: null });
  });
  it('WARN for a consumer that commits but falls behind', () => {
    expect(status('warn')).toEqual({ status: 'WARN', reason: null });
  });
  it('ERR STOP for a group that stopped committing with lag left', () => {
    expect(status('stop')).toEqual({ status: 'ERR', reason: 'STOP' });
  });
  it('ERR STALL for a consumer stuck while messages arrive', () => {
    expect(status('stall')).toEqual({ status: 'ERR', reason: 'STALL' });
  });
  it('ERR REWIND for offsets moved backwards', () => {
    expect(status('rewind')).toEqual({ status: 'ERR', reason: 'REWIND' });
  });
});
