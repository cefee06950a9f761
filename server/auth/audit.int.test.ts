import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@/lib/contracts/auth';
import { call, login, withAuthConfig, type Session } from '@/test/support/auth-harness';
import { createQueue, deleteQueues, openAmqp, publishMany, rabbitmqctlCounts, uniqueName, waitFor } from '@/test/rabbitmq/helpers';

withAuthConfig();

const PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const RABBIT = 'local-rabbitmq';
const PUBLISH = '/api/connections/{id}/exchanges/{vhost}/{name}/publish';
const MOVE = '/api/connections/{id}/queues/{vhost}/{name}/move';
const N = 3000;
const KILL_N = 10_000;

type Backend = { name: string; setup(): Promise<void>; teardown(): Promise<void> };

/** Points the process-wide store at a backend: the store and auth driver are cached on globalThis, so reset them. */
async function pointStoreAt(databaseUrl: string | undefined): Promise<void> {
  const { closeStore } = await import('@/server/store/store');
  const { resetAuthDb } = await import('./store-schema');
  await closeStore();
  resetAuthDb();
  if (databaseUrl) process.env.DATABASE_URL = databaseUrl;
  else delete process.env.DATABASE_URL;
}

const pglite: Backend = { name: 'PGlite', setup: () => pointStoreAt(undefined), teardown: () => pointStoreAt(undefined) };

function postgres(): Backend {
  const db = `wharf_audit_test_${Date.now()}_${process.pid}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: PG_ADMIN_URL });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  return {
    name: 'PostgreSQL',
    setup: async () => {
      await admin(`CREATE DATABASE ${db}`);
      await pointStoreAt(`postgres://postgres@127.0.0.1:5432/${db}`);
    },
    teardown: async () => {
      await pointStoreAt(undefined);
      await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    },
  };
}

const queues: string[] = [];
afterAll(async () => {
  await deleteQueues(queues);
  const { closeStore } = await import('@/server/store/store');
  await closeStore();
});

async function newQueue(label: string): Promise<string> {
  const q = uniqueName(`audit-${label}`);
  queues.push(q);
  await createQueue(q);
  return q;
}

async function fill(queue: string, n: number): Promise<void> {
  const model = await openAmqp();
  try {
    await publishMany(model, queue, n, (i) => ({ body: Buffer.from(String(i)) }));
  } finally {
    await model.close();
  }
}

async function auditOf(admin: Session, query: Record<string, string>): Promise<AuditEntry[]> {
  const res = await call(admin, 'GET', '/api/audit', {}, { query: { limit: '50', ...query } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { entries: AuditEntry[] }).entries;
}

/** The queue's depth from the broker node itself, once it has settled at `expected` (or the last value seen). */
async function settledDepth(queue: string, expected: number): Promise<number | undefined> {
  await waitFor(() => rabbitmqctlCounts().get(queue) === expected).catch(() => undefined);
  return rabbitmqctlCounts().get(queue);
}

type SseEvent = { event: string; data: unknown };

/** Reads server-sent events until `stop` says so (then hangs up, as a closed browser tab does) or the stream ends. */
async function readEvents(res: Response, stop: (e: SseEvent) => boolean): Promise<SseEvent[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return events;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (!event || data === undefined) continue;
      const e = { event, data: JSON.parse(data) as unknown };
      events.push(e);
      if (stop(e)) {
        await reader.cancel();
        return events;
      }
    }
  }
}

describe.each([pglite, postgres()])('audit log on $name', (backend) => {
  let admin: Session;

  beforeAll(async () => {
    await backend.setup();
    admin = await login('admin');
  });
  afterAll(() => backend.teardown());

  it('refuses a publish whose text holds a lone surrogate with a 400 before anything is routed, and audits the refusal', async () => {
    const q = await newQueue('surrogate');
    const params = { id: RABBIT, vhost: '/', name: 'amq.default' };
    // JSON.stringify writes a lone surrogate as the escape \ud800, which is what a browser sends.
    const cases = [
      { field: 'payload', rawBody: JSON.stringify({ routingKey: q, payload: 'a\ud800b' }) },
      { field: 'routingKey', rawBody: JSON.stringify({ routingKey: `${q}\udfff`, payload: 'x' }) },
      { field: 'headers.k', rawBody: JSON.stringify({ routingKey: q, payload: 'x', headers: { k: ['ok', '\ud83d'] } }) },
      { field: 'key', rawBody: JSON.stringify({ routingKey: q, payload: 'x', headers: { ['\udc00k']: 1 } }) },
    ];
    for (const c of cases) {
      const res = await call(admin, 'POST', PUBLISH, params, { rawBody: c.rawBody });
      expect(res.status, c.field).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/lone UTF-16 surrogate/);
    }
    expect(await settledDepth(q, 0)).toBe(0);
    const entries = await auditOf(admin, { q: '/exchanges/%2F/amq.default/publish', method: 'POST' });
    const mine = entries.filter((e) => JSON.stringify(e.params).includes(q));
    expect(mine).toHaveLength(cases.length);
    for (const e of mine) expect(e).toMatchObject({ status: 400, outcome: 'error', username: 'admin', connection: RABBIT });
    // What PostgreSQL's jsonb refuses is kept as U+FFFD; payloads are never kept.
    expect(mine.some((e) => (e.params.body as { routingKey?: string }).routingKey === `${q}\uFFFD`)).toBe(true);
    expect(mine.every((e) => (e.params.body as { payload?: string }).payload === '[payload omitted]')).toBe(true);
  });

  it('audits what it carries out even when the request holds NUL characters (PostgreSQL text refuses them)', async () => {
    const q = await newQueue('nul');
    const res = await call(admin, 'POST', PUBLISH, { id: RABBIT, vhost: '/', name: 'amq.default' }, { body: { routingKey: `${q}\u0000`, payload: 'x' }, query: { ['n\u0000te']: 'a\u0000b' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ routed: false });
    const [entry] = (await auditOf(admin, { q: '/amq.default/publish', method: 'POST' })).filter((e) => JSON.stringify(e.params).includes(q));
    expect(entry).toMatchObject({ status: 200, outcome: 'ok', counts: {}, params: { 'n\uFFFDte': 'a\uFFFDb', body: { routingKey: `${q}\uFFFD` } } });
  });

  it('carries out no change whose audit entry cannot be written: 503, and the queue is untouched', async () => {
    const [q, dst] = [await newQueue('refused'), await newQueue('refused-dst')];
    await fill(q, 5);
    const { getAuthDb } = await import('./store-schema');
    const db = await getAuthDb();
    // Every new entry breaks this check, as a full disk or a lost database would refuse it.
    await db.query('ALTER TABLE wharf_audit ADD CONSTRAINT wharf_test_refuse CHECK (status < 0) NOT VALID');
    try {
      const res = await call(admin, 'POST', PUBLISH, { id: RABBIT, vhost: '/', name: 'amq.default' }, { body: { routingKey: q, payload: 'x' } });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: { code: 'UNAVAILABLE', message: expect.stringMatching(/^The audit log cannot be written, so the request was not carried out/) } });
      const move = await call(admin, 'POST', MOVE, { id: RABBIT, vhost: '/', name: q }, { body: { toQueue: dst } });
      expect(move.status).toBe(503);
    } finally {
      await db.query('ALTER TABLE wharf_audit DROP CONSTRAINT wharf_test_refuse');
    }
    // The publish never reached the queue, and the move took nothing out of it.
    expect(await settledDepth(q, 5)).toBe(5);
    expect(await settledDepth(dst, 0)).toBe(0);
  });

  it('audits a move stream cut by the client mid-way as interrupted, with the counts it committed', async () => {
    const [src, dst] = [await newQueue('cut-src'), await newQueue('cut-dst')];
    await fill(src, N);
    const res = await call(admin, 'POST', MOVE, { id: RABBIT, vhost: '/', name: src }, { body: { toQueue: dst, batchSize: 50 } });
    expect(res.status).toBe(200);
    const seen = await readEvents(res, (e) => e.event === 'progress' && (e.data as { acked: number }).acked >= 500);
    expect(seen.at(-1)?.event).toBe('progress');
    let entry: AuditEntry | undefined;
    await waitFor(async () => {
      [entry] = await auditOf(admin, { q: `/queues/%2F/${src}/move` });
      return entry?.counts.acked !== undefined;
    });
    expect(entry).toMatchObject({ method: 'POST', status: 200, outcome: 'interrupted', counts: { startLength: N } });
    const acked = entry!.counts.acked;
    expect(acked).toBeGreaterThanOrEqual(500);
    expect(acked).toBeLessThan(N);
    // The entry's counts are what the broker holds: every acked message is in the destination, the rest in the source.
    expect(await settledDepth(dst, acked)).toBe(acked);
    expect(await settledDepth(src, N - acked)).toBe(N - acked);
  });

  it('audits a move whose AMQP connection the broker closed mid-way as an error, with the counts committed before', async () => {
    const [src, dst] = [await newQueue('kill-src'), await newQueue('kill-dst')];
    await fill(src, KILL_N);
    // Small batches: the move is still under way when the broker closes its connection.
    const res = await call(admin, 'POST', MOVE, { id: RABBIT, vhost: '/', name: src }, { body: { toQueue: dst, batchSize: 2 } });
    let killing: Promise<void> | null = null;
    const events = await readEvents(res, (e) => {
      if (!killing && e.event === 'progress' && (e.data as { acked: number }).acked >= 100) killing = closeMoveConnection(src);
      return false;
    });
    await killing;
    expect(events.at(-1)?.event).toBe('error');
    const [entry] = await auditOf(admin, { q: `/queues/%2F/${src}/move` });
    expect(entry.status).toBeGreaterThanOrEqual(500);
    expect(entry.outcome).toBe('error');
    const lastProgress = events.filter((e) => e.event === 'progress').at(-1)!.data as { acked: number };
    expect(entry.counts).toMatchObject({ startLength: KILL_N, acked: lastProgress.acked });
    expect(lastProgress.acked).toBeLessThan(KILL_N);
    expect(await settledDepth(dst, lastProgress.acked)).toBe(lastProgress.acked);
    expect(await settledDepth(src, KILL_N - lastProgress.acked)).toBe(KILL_N - lastProgress.acked);
  });

  it('audits a completed move as ok with its final counts, written before the stream ends', async () => {
    const [src, dst] = [await newQueue('done-src'), await newQueue('done-dst')];
    await fill(src, 300);
    const res = await call(admin, 'POST', MOVE, { id: RABBIT, vhost: '/', name: src }, { body: { toQueue: dst, batchSize: 100 } });
    const events = await readEvents(res, () => false);
    expect(events.at(-1)).toEqual({ event: 'result', data: expect.objectContaining({ status: 'done', acked: 300 }) });
    // Read at once: the stream ended only after its entry was complete.
    const [entry] = await auditOf(admin, { q: `/queues/%2F/${src}/move` });
    expect(entry).toMatchObject({ status: 200, outcome: 'ok', counts: { startLength: 300, read: 300, published: 300, confirmed: 300, acked: 300, skipped: 0 } });
  });
});

/**
 * Closes the move's own AMQP connection from the broker node, as an operator's "force close" does (rabbitmqctl sees
 * a connection at once; the management API lists it only after its next statistics interval).
 */
async function closeMoveConnection(source: string): Promise<void> {
  const name = `wharf-move ${source}`;
  let pid: string | undefined;
  await waitFor(() => {
    const out = execFileSync('rabbitmqctl', ['-q', 'list_connections', '--no-table-headers', 'pid', 'client_properties'], { encoding: 'utf8' });
    pid = out.split('\n').find((line) => line.includes(name))?.split('\t')[0];
    return pid !== undefined;
  });
  execFileSync('rabbitmqctl', ['-q', 'close_connection', pid!, 'closed by the audit test']);
}
