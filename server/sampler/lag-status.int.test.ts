import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lagFixture, sleep, uniqueName, waitForCommit, waitForStableGroup, type LagFixture } from '@/test/lag/kafka-fixture';
import { getConnectorOf } from '../connections/registry';
import type { DerivedGroup } from './kafka-derive';
import { MIN_WINDOW_SAMPLES } from './lag-status';
import { Sampler } from './sampler';

/** A short window so each status shows within seconds; the rules are the same at any scale. */
const WINDOW = 6;
const TICKS = 10;
const GAP_MS = 2000;
/** The two rewound groups are moved back before this tick: the backwards step is inside the last window. */
const REWIND_AT = 6;
/** Messages the rewound groups had read before they were moved back to offset 2. */
const READ_BEFORE_REWIND = 200;
/**
 * The OK consumer handles each message this long after it was sent, so at every sample (taken right after a send)
 * it has read all but what was just sent: its lag is never zero at sample time, and rises as the sends grow.
 */
const OK_LATENCY_MS = 1000;
const okBurst = (tick: number) => 2 + 2 * tick;

const KEYS = ['ok', 'warn', 'stop', 'stall', 'rewind', 'rewound'] as const;
type Key = (typeof KEYS)[number];

describe('lag status with real consumers driven into each state', () => {
  let f: LagFixture;
  let sampler: Sampler;
  let releaseStuck: () => void = () => undefined;
  const groups = Object.fromEntries(KEYS.map((k) => [k, uniqueName(k)])) as Record<Key, string>;
  const topics = Object.fromEntries(KEYS.map((k) => [k, ''])) as Record<Key, string>;
  /** What the sampler said about each group after each tick. */
  const seen = Object.fromEntries(KEYS.map((k) => [k, []])) as unknown as Record<Key, DerivedGroup[]>;
  const last = (key: Key) => seen[key].at(-1);

  /** A consumer that reads from where its group stands, after the handler runs for each message. */
  async function startConsumer(key: Key, handle: (value: string) => Promise<unknown>, settings?: Parameters<LagFixture['consumer']>[1]) {
    const c = f.consumer(groups[key], settings);
    await c.connect();
    await c.subscribe({ topic: topics[key], fromBeginning: true });
    await c.run({
      eachMessage: async ({ message }) => {
        await handle(message.value?.toString() ?? '');
      },
    });
    return c;
  }
  const noWork = async () => undefined;
  const slow = () => sleep(250);

  beforeAll(async () => {
    f = await lagFixture();
    for (const key of KEYS) topics[key] = await f.createTopic(1);
    await Promise.all([f.produce(topics.warn, 10), f.produce(topics.stop, 10), f.produce(topics.stall, 10), f.produce(topics.rewind, READ_BEFORE_REWIND), f.produce(topics.rewound, READ_BEFORE_REWIND)]);
    await f.produceStamped(topics.ok, 2);

    // OK: keeps up with everything it is sent, a second behind.
    await startConsumer('ok', async (value) => {
      const wait = Number(value) + OK_LATENCY_MS - Date.now();
      if (wait > 0) await sleep(wait);
    });
    // WARN: commits every message but at ~4 msg/s, slower than the producer below.
    await startConsumer('warn', slow, { maxBytesPerPartition: 2048 });
    // STOP: reads what there is, commits, and goes away (the group is Empty); messages go on arriving.
    const stop = await startConsumer('stop', noWork);
    // STALL: alive, and stuck on one message while messages keep arriving.
    const gate = new Promise<void>((resolve) => (releaseStuck = resolve));
    let handled = 0;
    await startConsumer('stall', async () => {
      handled++;
      if (handled > 10) await gate;
    });
    // REWIND, and rewound then caught up: read everything, leave; an operator moves them back during the window.
    const rewind = await startConsumer('rewind', noWork);
    const rewound = await startConsumer('rewound', noWork);

    await Promise.all([
      waitForCommit(f.admin, groups.ok, topics.ok, 2),
      waitForCommit(f.admin, groups.stop, topics.stop, 10),
      waitForCommit(f.admin, groups.stall, topics.stall, 10),
      waitForCommit(f.admin, groups.rewind, topics.rewind, READ_BEFORE_REWIND),
      waitForCommit(f.admin, groups.rewound, topics.rewound, READ_BEFORE_REWIND),
    ]);
    await Promise.all([stop.disconnect(), rewind.disconnect(), rewound.disconnect()]);
    await waitForStableGroup(f.admin, groups.stall);

    sampler = new Sampler(getConnectorOf('local-kafka', 'kafka'), { intervalMs: 60_000, windowSamples: WINDOW, history: null });
    for (let i = 0; i < TICKS; i++) {
      if (i === REWIND_AT) {
        // What `kafka-consumer-groups --reset-offsets --to-offset 2` does to an Empty group; then consumers rejoin.
        await f.commit(groups.rewind, topics.rewind, [{ partition: 0, offset: 2 }]);
        await f.commit(groups.rewound, topics.rewound, [{ partition: 0, offset: 2 }]);
        await startConsumer('rewind', slow, { maxBytesPerPartition: 2048 });
        // Quick, but not so quick that it is back at the end before the next sample sees the step back.
        await startConsumer('rewound', () => sleep(5));
      }
      await Promise.all([
        f.produceStamped(topics.ok, okBurst(i)),
        f.produce(topics.warn, 30),
        f.produce(topics.stop, 5),
        f.produce(topics.stall, 5),
        f.produce(topics.rewound, 3),
      ]);
      await sampler.tick();
      expect(sampler.lastTick?.error).toBeNull();
      for (const key of KEYS) {
        const g = sampler.kafka?.groups.find((x) => x.groupId === groups[key]);
        if (g) seen[key].push(g);
      }
      await sleep(GAP_MS);
    }
  });

  afterAll(async () => {
    releaseStuck();
    await sampler?.stop();
    await f?.cleanup();
  });

  it('OK in every sample for a consumer that keeps up, though its lag is never zero at sample time and rises', () => {
    const lags = seen.ok.map((g) => g.totalLag);
    expect(lags).toHaveLength(TICKS);
    expect(lags.every((l) => l !== null && l > 0)).toBe(true);
    expect(lags.at(-1)).toBeGreaterThan(lags[MIN_WINDOW_SAMPLES - 1]!);
    expect(seen.ok.slice(MIN_WINDOW_SAMPLES - 1).map((g) => g.lagStatus)).toEqual(Array(TICKS - MIN_WINDOW_SAMPLES + 1).fill({ status: 'OK', reason: null }));
  });

  it('WARN for a consumer that commits but falls behind', () => {
    expect(last('warn')).toMatchObject({ members: 1, lagStatus: { status: 'WARN', reason: null } });
  });

  it('ERR STOP for a crashed group: Empty, no members, commits stopped with lag left while messages arrive', () => {
    expect(last('stop')).toMatchObject({ state: 'Empty', members: 0, lagStatus: { status: 'ERR', reason: 'STOP' } });
  });

  it('ERR STALL for a live consumer stuck on a message while messages arrive', () => {
    expect(last('stall')).toMatchObject({ state: 'Stable', members: 1, lagStatus: { status: 'ERR', reason: 'STALL' } });
  });

  it('ERR REWIND for a group moved back that has not caught up since', () => {
    const committed = seen.rewind.map((g) => g.partitions[0].committed);
    expect(committed[REWIND_AT - 1]).toBe(READ_BEFORE_REWIND);
    expect(committed.at(-1)).toBeLessThan(READ_BEFORE_REWIND);
    expect(last('rewind')).toMatchObject({ members: 1, lagStatus: { status: 'ERR', reason: 'REWIND' } });
  });

  it('OK for a group moved back that caught up within the window', () => {
    const committed = seen.rewound.map((g) => g.partitions[0].committed);
    expect(committed[REWIND_AT - 1]).toBe(READ_BEFORE_REWIND);
    expect(Math.min(...committed.slice(REWIND_AT).map((c) => c ?? Infinity))).toBeLessThan(READ_BEFORE_REWIND);
    expect(seen.rewound.length - REWIND_AT).toBeLessThan(WINDOW);
    expect(last('rewound')).toMatchObject({ members: 1, lagStatus: { status: 'OK', reason: null } });
  });
});
