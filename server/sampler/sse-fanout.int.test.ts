import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempStoreDir } from '@/test/lag/temp-store';
import * as streamRoute from '@/app/api/connections/[id]/metrics/stream/route';
import * as samplerRoute from '@/app/api/connections/[id]/metrics/sampler/route';
import { closeStore } from '../store/store';
import { getSampler, runningSamplers } from './registry';
import type { Sampler } from './sampler';

type Client = { ticks: number; close: () => void; done: Promise<void> };

async function openClient(): Promise<Client> {
  const abort = new AbortController();
  const res = await streamRoute.GET(new Request('http://x/api/connections/local-kafka/metrics/stream', { signal: abort.signal }), {
    params: Promise.resolve({ id: 'local-kafka' }),
  });
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  const reader = res.body!.getReader();
  const client: Client = { ticks: 0, close: () => abort.abort(), done: Promise.resolve() };
  const decoder = new TextDecoder();
  client.done = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return;
      client.ticks += decoder.decode(value).split('event: tick').length - 1;
    }
  })();
  return client;
}

async function ticksWith(sampler: Sampler, n: number): Promise<number[]> {
  const perTick: number[] = [];
  for (let i = 0; i < n; i++) {
    await sampler.tick();
    expect(sampler.lastTick?.error).toBeNull();
    perTick.push(sampler.lastTick!.brokerRequests);
  }
  return perTick;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('server-sent events fan-out', () => {
  let cleanupStore: () => void;
  let sampler: Sampler;

  beforeAll(async () => {
    cleanupStore = useTempStoreDir();
    sampler = await getSampler('local-kafka');
  });

  afterAll(async () => {
    await Promise.allSettled(runningSamplers().map((s) => s.stop()));
    await closeStore();
    cleanupStore?.();
  });

  it('costs the broker the same number of requests per tick with ten viewers as with one', async () => {
    const one = [await openClient()];
    const beforeOne = sampler.totalBrokerRequests;
    const withOne = await ticksWith(sampler, 3);
    expect(sampler.totalBrokerRequests - beforeOne).toBe(withOne.reduce((a, b) => a + b, 0));

    const ten = [...one, ...(await Promise.all(Array.from({ length: 9 }, openClient)))];
    const status = await (await samplerRoute.GET(new Request('http://x'), { params: Promise.resolve({ id: 'local-kafka' }) })).json();
    expect(status.subscribers).toBe(10);
    const beforeTen = sampler.totalBrokerRequests;
    const ticksBefore = sampler.ticks;
    const withTen = await ticksWith(sampler, 3);
    // Every request the sampler made belongs to a tick, and viewers caused no extra ticks.
    expect(sampler.totalBrokerRequests - beforeTen).toBe(withTen.reduce((a, b) => a + b, 0));
    expect(sampler.ticks - ticksBefore).toBe(3);
    // Other tests create topics and groups on the shared broker meanwhile; allow for that, not for 10x.
    expect(median(withTen)).toBeLessThanOrEqual(median(withOne) * 1.3 + 10);
    console.info(`broker requests per tick: 1 viewer ${withOne.join(',')}; 10 viewers ${withTen.join(',')}`);

    for (const c of ten) expect(c.ticks).toBeGreaterThanOrEqual(3);
    for (const c of ten) c.close();
    await Promise.all(ten.map((c) => c.done));
    await sampler.tick();
    expect(sampler.status().subscribers).toBe(0);
  });
});
