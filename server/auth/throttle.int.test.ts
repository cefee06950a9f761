import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/store';
import { migrateAuth } from './store-schema';
import { Throttle } from './throttle';

let dir = '';
let store: Store;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'wharf-throttle-'));
  store = await openStore({ dataDir: dir });
  await migrateAuth(store.driver);
});

afterAll(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('login throttle (in the store, shared by replicas)', () => {
  it('blocks after five failures within the window, then lets go', async () => {
    const t = new Throttle(store.driver, 5, 60_000);
    for (let i = 0; i < 4; i++) await t.fail('u:a', 1000);
    expect(await t.retryAfter('u:a', 1000)).toBe(0);
    await t.fail('u:a', 1000);
    expect(await t.retryAfter('u:a', 2000)).toBe(59);
    expect(await t.retryAfter('u:a', 61_001)).toBe(0);
  });

  it('counts what another Throttle on the same store recorded, and a reset clears it for both', async () => {
    const one = new Throttle(store.driver, 2, 60_000);
    const two = new Throttle(store.driver, 2, 60_000);
    await one.fail('u:b', 5000);
    await one.fail('u:b', 5000);
    expect(await two.retryAfter('u:b', 6000)).toBe(59);
    await two.reset('u:b');
    expect(await one.retryAfter('u:b', 6000)).toBe(0);
  });
});
