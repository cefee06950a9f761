import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations';
import { openStore, type StoreOptions } from './store';

const PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const MIN = 60_000;
const HOUR = 60 * MIN;

type Backend = { name: string; options: () => StoreOptions; setup: () => Promise<void>; teardown: () => Promise<void> };

function pgliteBackend(): Backend {
  let dir = '';
  return {
    name: 'PGlite',
    options: () => ({ dataDir: dir }),
    setup: async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'wharf-store-'));
    },
    teardown: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresBackend(): Backend {
  const db = `wharf_test_${Date.now()}_${process.pid}`;
  const admin = () => new pg.Client({ connectionString: PG_ADMIN_URL });
  return {
    name: 'PostgreSQL',
    options: () => ({ databaseUrl: `postgres://postgres@127.0.0.1:5432/${db}` }),
    setup: async () => {
      const c = admin();
      await c.connect();
      await c.query(`CREATE DATABASE ${db}`);
      await c.end();
    },
    teardown: async () => {
      const c = admin();
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await c.end();
    },
  };
}

describe.each([pgliteBackend(), postgresBackend()])('history store on $name', (backend) => {
  beforeAll(() => backend.setup());
  afterAll(() => backend.teardown());

  it('migrates once, writes samples and reads them back after re-opening', async () => {
    const now = Date.now();
    const first = await openStore(backend.options());
    await first.history.write('c1', [
      { entityKind: 'group', entityId: 'g/1', metric: 'lag', ts: now - 10_000, value: 5 },
      { entityKind: 'group', entityId: 'g/1', metric: 'lag', ts: now - 5000, value: 3 },
      { entityKind: 'group', entityId: 'g/1', metric: 'lag:t:0', ts: now - 5000, value: 2 },
      { entityKind: 'group', entityId: 'other', metric: 'lag', ts: now - 5000, value: 99 },
    ]);
    await first.close();

    const second = await openStore(backend.options());
    const migrations = await second.driver.query<{ id: number }>('SELECT id FROM wharf_migrations');
    expect(migrations.map((m) => Number(m.id))).toEqual(MIGRATIONS.map((m) => m.id));
    const series = await second.history.query({ connection: 'c1', entityKind: 'group', entityId: 'g/1', from: now - HOUR, to: now, stepMs: 0 });
    expect(series).toEqual([
      { metric: 'lag', points: [{ ts: now - 10_000, value: 5 }, { ts: now - 5000, value: 3 }] },
      { metric: 'lag:t:0', points: [{ ts: now - 5000, value: 2 }] },
    ]);
    const onlyPartitions = await second.history.query({ connection: 'c1', entityKind: 'group', entityId: 'g/1', from: now - HOUR, to: now, stepMs: 0, metricPrefix: 'lag:' });
    expect(onlyPartitions.map((s) => s.metric)).toEqual(['lag:t:0']);
    await second.close();
  });

  it('compacts raw samples into 1-min and 10-min tiers and drops what is older than a week', async () => {
    const store = await openStore(backend.options());
    const now = Date.UTC(2026, 0, 10, 12, 0, 0);
    const at = (ms: number) => now - ms;
    await store.history.write('c2', [
      // Two raw samples in the same minute, 2 h ago: become one 1-min average.
      { entityKind: 'queue', entityId: 'q', metric: 'ready', ts: at(2 * HOUR), value: 10 },
      { entityKind: 'queue', entityId: 'q', metric: 'ready', ts: at(2 * HOUR) + 30_000, value: 20 },
      // Recent raw sample: kept as is.
      { entityKind: 'queue', entityId: 'q', metric: 'ready', ts: at(MIN), value: 7 },
      // Two days ago (raw here only to exercise the whole chain): ends as one 10-min average.
      { entityKind: 'queue', entityId: 'q', metric: 'ready', ts: at(48 * HOUR), value: 1 },
      { entityKind: 'queue', entityId: 'q', metric: 'ready', ts: at(48 * HOUR) + 2 * MIN, value: 3 },
      // Eight days ago: gone.
      { entityKind: 'queue', entityId: 'q', metric: 'ready', ts: at(8 * 24 * HOUR), value: 100 },
    ]);
    await store.history.compact(now);
    const rows = await store.driver.query<{ resolution: number; ts: number; value: number }>(
      `SELECT resolution, ts::float8 AS ts, value FROM samples WHERE connection = 'c2' AND entity_kind = 'queue' ORDER BY ts`,
    );
    expect(rows.map((r) => ({ resolution: Number(r.resolution), ts: Number(r.ts), value: Number(r.value) }))).toEqual([
      { resolution: 600_000, ts: Math.floor(at(48 * HOUR) / 600_000) * 600_000, value: 2 },
      { resolution: 60_000, ts: Math.floor(at(2 * HOUR) / 60_000) * 60_000, value: 15 },
      { resolution: 0, ts: at(MIN), value: 7 },
    ]);
    // Compaction is idempotent.
    await store.history.compact(now);
    const again = await store.driver.query<{ n: number }>(`SELECT count(*)::float8 AS n FROM samples WHERE connection = 'c2' AND entity_kind = 'queue'`);
    expect(Number(again[0].n)).toBe(3);
    // A 24 h query averages all tiers into minute buckets.
    const series = await store.history.query({ connection: 'c2', entityKind: 'queue', entityId: 'q', from: now - 24 * HOUR, to: now, stepMs: MIN });
    expect(series[0].points.map((p) => p.value)).toEqual([15, 7]);
    await store.close();
  });

  it('stores a still series only when it moves, and reads it back whole at every tick but not across an outage', async () => {
    const store = await openStore(backend.options());
    const t0 = Date.UTC(2026, 0, 11, 12, 0, 0);
    const tick = (i: number) =>
      store.history.write('c3', [
        { entityKind: 'queue', entityId: 'idle', metric: 'ready', ts: t0 + i * 5000, value: 42 },
        { entityKind: 'queue', entityId: 'busy', metric: 'ready', ts: t0 + i * 5000, value: i },
        { entityKind: 'queue', entityId: 'step', metric: 'ready', ts: t0 + i * 5000, value: i < 60 ? 1 : 2 },
      ]);
    for (let i = 0; i < 120; i++) await tick(i);
    const count = async (id: string) =>
      Number((await store.driver.query<{ n: number }>(`SELECT count(*)::float8 AS n FROM samples WHERE connection = 'c3' AND entity_id = $1`, [id]))[0].n);
    // 10 minutes of 5 s ticks: the idle queue is stored at the start and at the 5-minute heartbeat only; the
    // step at its start, its last flat sample (i = 59) and the change (i = 60).
    expect(await count('idle')).toBe(2);
    expect(await count('step')).toBe(3);
    expect(await count('busy')).toBe(120);
    const read = async (entityId: string, from: number, to: number, stepMs = 0) =>
      (await store.history.query({ connection: 'c3', entityKind: 'queue', entityId, from, to, stepMs }))[0]?.points ?? [];
    const step = await read('step', t0, t0 + 600_000);
    expect(step).toHaveLength(120);
    expect(step.every((p, i) => p.ts === t0 + i * 5000 && p.value === (i < 60 ? 1 : 2))).toBe(true);
    // A range that starts between stored points begins with the value held there.
    expect(await read('idle', t0 + 7 * 60_000, t0 + 600_000, 60_000)).toEqual([7, 8, 9].map((m) => ({ ts: t0 + m * 60_000, value: 42 })));
    // An outage (no ticks for 10 minutes), then ticks again: nothing is filled in where no tick happened.
    for (let i = 240; i < 252; i++) await tick(i);
    const across = await read('idle', t0 + 9 * 60_000, t0 + 21 * 60_000);
    expect(across.filter((p) => p.ts > t0 + 119 * 5000 && p.ts < t0 + 240 * 5000)).toEqual([]);
    expect(across.map((p) => p.ts)).toEqual([...[108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119], ...Array.from({ length: 12 }, (_, k) => 240 + k)].map((i) => t0 + i * 5000));
    // A queue the sampler no longer sees (deleted) is not drawn on after its last tick.
    await store.history.write('c3', [{ entityKind: 'queue', entityId: 'busy', metric: 'ready', ts: t0 + 252 * 5000, value: 0 }]);
    await store.history.write('c3', [{ entityKind: 'queue', entityId: 'busy', metric: 'ready', ts: t0 + 253 * 5000, value: 0 }]);
    const after = await read('idle', t0 + 250 * 5000, t0 + 260 * 5000);
    expect(after.map((p) => p.ts)).toEqual([250, 251].map((i) => t0 + i * 5000));
    await store.close();
  });
});

describe('PGlite store maintenance', () => {
  const backend = pgliteBackend();
  beforeAll(() => backend.setup());
  afterAll(() => backend.teardown());

  it('compaction reclaims the space of dropped history for reuse (PGlite has no autovacuum)', async () => {
    const store = await openStore(backend.options());
    const old = Date.now() - 8 * 24 * HOUR;
    const size = async () => Number((await store.driver.query<{ b: number }>(`SELECT pg_total_relation_size('samples')::float8 AS b`))[0].b);
    const fill = async (round: number) => {
      for (let batch = 0; batch < 4; batch++) {
        const ts = old + (round * 10 + batch) * 5000;
        await store.history.write('big', Array.from({ length: 5000 }, (_, i) => ({ entityKind: 'queue', entityId: `q${i}`, metric: 'ready', ts, value: round * 10 + batch })));
      }
    };
    // Fill and drop the same amount five times: the size levels off after two or three rounds (freed index pages
    // are reusable after a second vacuum) at about 2-2.5x one round. Without the vacuum every round would add its
    // whole size again: 5x.
    const sizes: number[] = [];
    for (let round = 0; round < 5; round++) {
      await fill(round);
      sizes.push(await size());
      await store.history.compact();
    }
    expect(Number((await store.driver.query<{ n: number }>(`SELECT count(*)::float8 AS n FROM samples WHERE connection = 'big'`))[0].n)).toBe(0);
    expect(sizes[4]).toBeLessThan(sizes[0] * 3);
    await store.close();
  });
});
