import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@/lib/contracts/auth';
import type { Job } from '@/lib/contracts/jobs';
import { call, login, withAuthConfig, type Session } from '@/test/support/auth-harness';
import { createDatabase, type TestDatabase } from '@/test/support/postgres';
import { createQueue, deleteQueues, openAmqp, publishMany, rabbitmqctlCounts, uniqueName, waitFor } from '@/test/rabbitmq/helpers';

withAuthConfig();

const RABBIT = 'local-rabbitmq';
const PUBLISH = '/api/connections/{id}/exchanges/{vhost}/{name}/publish';
const JOBS = '/api/jobs';
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
  let db: TestDatabase | null = null;
  return {
    name: 'PostgreSQL',
    setup: async () => {
      db = await createDatabase(`wharf_audit_test_${Date.now()}_${process.pid}`);
      await pointStoreAt(db.url);
    },
    teardown: async () => {
      await pointStoreAt(undefined);
      await db?.drop();
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
      const move = await call(admin, 'POST', JOBS, {}, { body: moveJob(q, dst) });
      expect(move.status).toBe(503);
    } finally {
      await db.query('ALTER TABLE wharf_audit DROP CONSTRAINT wharf_test_refuse');
    }
    // The publish never reached the queue, and the move took nothing out of it.
    expect(await settledDepth(q, 5)).toBe(5);
    expect(await settledDepth(dst, 0)).toBe(0);
  });

  it('audits a cancelled move job at its end as cancelled, with the counts the broker committed', async () => {
    const [src, dst] = [await newQueue('cut-src'), await newQueue('cut-dst')];
    await fill(src, N);
    const started = await call(admin, 'POST', JOBS, {}, { body: moveJob(src, dst, 5) });
    expect(started.status).toBe(201);
    const { id } = (await started.json()) as { id: string };
    await waitFor(async () => ((await (await call(admin, 'GET', '/api/jobs/{jobId}', { jobId: id })).json()) as Job).progress.written >= 500);
    expect((await call(admin, 'DELETE', '/api/jobs/{jobId}', { jobId: id })).status).toBe(200);
    const end = await jobEnd(admin, id);
    expect(end).toMatchObject({ method: 'JOB', username: 'admin', connection: RABBIT, outcome: 'cancelled', status: 200, target: { job: id, kind: 'rabbitmq-move' } });
    const moved = end.counts.written;
    expect(moved).toBeGreaterThanOrEqual(500);
    expect(moved).toBeLessThan(N);
    // The entry's counts are what the broker holds: every moved message is in the destination, the rest in the source.
    expect(await settledDepth(dst, moved)).toBe(moved);
    expect(await settledDepth(src, N - moved)).toBe(N - moved);
    // The request that started it has its own entry, answered long before the job ended.
    const [startEntry] = (await auditOf(admin, { q: '/api/jobs', method: 'POST' })).filter((e) => JSON.stringify(e.params).includes(src));
    expect(startEntry).toMatchObject({ status: 201, outcome: 'ok' });
  });

  it('audits a move job whose AMQP connection the broker closed mid-way as an error, with the counts committed before', async () => {
    const [src, dst] = [await newQueue('kill-src'), await newQueue('kill-dst')];
    await fill(src, KILL_N);
    // Small batches: the move is still under way when the broker closes its connection.
    const started = await call(admin, 'POST', JOBS, {}, { body: moveJob(src, dst, 2) });
    const { id } = (await started.json()) as { id: string };
    await waitFor(async () => ((await (await call(admin, 'GET', '/api/jobs/{jobId}', { jobId: id })).json()) as Job).progress.written >= 100);
    await closeMoveConnection(src);
    const end = await jobEnd(admin, id);
    expect(end.status).toBeGreaterThanOrEqual(500);
    expect(end.outcome).toBe('error');
    const moved = end.counts.written;
    expect(moved).toBeLessThan(KILL_N);
    // A batch whose commit was sent and never confirmed is in doubt (all moved or none); the job's error says so.
    const job = (await (await call(admin, 'GET', '/api/jobs/{jobId}', { jobId: id })).json()) as Job;
    const doubt = Number(/The commit of the last batch \((\d+) to move/.exec(job.error ?? '')?.[1] ?? 0);
    await waitFor(() => (rabbitmqctlCounts().get(src) ?? 0) + (rabbitmqctlCounts().get(dst) ?? 0) === KILL_N);
    expect([moved, moved + doubt]).toContain(rabbitmqctlCounts().get(dst));
  });

  it('audits a completed move job as ok with its final counts', async () => {
    const [src, dst] = [await newQueue('done-src'), await newQueue('done-dst')];
    await fill(src, 300);
    const started = await call(admin, 'POST', JOBS, {}, { body: moveJob(src, dst, 100) });
    const { id } = (await started.json()) as { id: string };
    const end = await jobEnd(admin, id);
    expect(end).toMatchObject({ status: 200, outcome: 'ok', counts: { read: 300, matched: 300, written: 300, confirmed: 300, skipped: 0 } });
  });
});

function moveJob(source: string, destination: string, batchSize = 200) {
  return { params: { kind: 'rabbitmq-move', source: { connection: RABBIT, vhost: '/', queue: source }, target: { connection: RABBIT, queue: destination }, batchSize }, dryRun: false };
}

/** The entry a job's end writes (method JOB), once it is there. */
async function jobEnd(admin: Session, id: string): Promise<AuditEntry> {
  let entry: AuditEntry | undefined;
  await waitFor(async () => {
    [entry] = await auditOf(admin, { q: `/api/jobs/${id}`, method: 'JOB' });
    return entry !== undefined;
  });
  return entry!;
}

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
