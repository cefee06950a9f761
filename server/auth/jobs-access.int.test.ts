import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '@/lib/contracts/jobs';
import { call, login, withAuthConfig, type Session } from '@/test/support/auth-harness';

// Users in test/wharf.auth.yaml: "rabbit-viewer-operator" is operator by default but only viewer on local-rabbitmq;
// "kafka-operator" has no default role, operator on local-kafka, viewer on local-rabbitmq; "viewer-kafka-operator" is
// viewer by default, operator on local-kafka; "rabbit-reader" is reader on local-rabbitmq only.
withAuthConfig();

const run = `wharf-test-${Date.now()}-jobs-access`;
const source = `${run}-src`;
const target = `${run}-dst`;
const queue = `${run}-q`;
const s: Record<string, Session> = {};

const replayInto = (t: Record<string, unknown>) => ({ params: { kind: 'kafka-replay', source: { connection: 'local-kafka', topic: source }, target: t }, dryRun: true });
const intoRabbit = replayInto({ kind: 'rabbitmq', connection: 'local-rabbitmq', vhost: '/', exchange: 'amq.topic' });
const intoKafka = replayInto({ kind: 'kafka', connection: 'local-kafka', topic: target, createTopic: true });
const drain = { params: { kind: 'rabbitmq-to-kafka', source: { connection: 'local-rabbitmq', vhost: '/', queue }, target: { connection: 'local-kafka', topic: source } } };

/** Waits for a dry run to end, so nothing is still writing to the store when the file closes it. */
async function settled(jobId: string): Promise<Job> {
  for (;;) {
    const job = (await (await call(s.operator, 'GET', '/api/jobs/{jobId}', { jobId })).json()) as Job;
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function error(res: Response): Promise<{ status: number; message: string }> {
  return { status: res.status, message: ((await res.json()) as { error: { message: string } }).error.message };
}

beforeAll(async () => {
  for (const name of ['viewer', 'reader', 'operator', 'admin', 'rabbit-viewer-operator', 'kafka-operator', 'viewer-kafka-operator', 'rabbit-reader']) s[name] = await login(name);
  expect((await call(s.admin, 'POST', '/api/connections/{id}/topics', { id: 'local-kafka' }, { body: { name: source, partitions: 1, replicationFactor: 1 } })).status).toBe(201);
});

afterAll(async () => {
  for (const topic of [source, target]) {
    await call(s.admin, 'DELETE', '/api/connections/{id}/topics/{topic}', { id: 'local-kafka', topic }, { query: { confirm: topic } }).catch(() => undefined);
  }
  const { closeStore } = await import('@/server/store/store');
  await closeStore();
});

describe('jobs check the role on every connection they touch', () => {
  const who = () => s['rabbit-viewer-operator'];

  it('refuses a replay into, and a drain from, a connection where the caller is only viewer', async () => {
    expect(await error(await call(who(), 'POST', '/api/jobs', {}, { body: intoRabbit }))).toEqual({
      status: 403,
      message: 'User "rabbit-viewer-operator" has viewer on connection "local-rabbitmq"; starting a kafka-replay job needs operator on connection "local-rabbitmq" (its target)',
    });
    expect(await error(await call(who(), 'POST', '/api/jobs', {}, { body: drain }))).toEqual({
      status: 403,
      message: 'User "rabbit-viewer-operator" has viewer on connection "local-rabbitmq"; starting a rabbitmq-to-kafka job needs operator on connection "local-rabbitmq" (its source)',
    });
  });

  it('records the signed-in user as the creator, never a header', async () => {
    const res = await call(who(), 'POST', '/api/jobs', {}, { body: intoKafka, headers: { 'x-wharf-user': 'mallory' } });
    expect(res.status).toBe(201);
    const job = (await res.json()) as Job;
    expect(job.createdBy).toBe('rabbit-viewer-operator');
    expect(await settled(job.id)).toMatchObject({ createdBy: 'rabbit-viewer-operator', status: 'succeeded' });
  });

  it('refuses cancel and resume of a job on a connection where the caller is only viewer', async () => {
    const res = await call(s.operator, 'POST', '/api/jobs', {}, { body: intoRabbit, headers: { 'x-wharf-user': 'mallory' } });
    expect(res.status).toBe(201);
    const job = (await res.json()) as Job;
    expect(job.createdBy).toBe('operator');
    const params = { jobId: job.id };
    expect(await error(await call(who(), 'DELETE', '/api/jobs/{jobId}', params))).toEqual({
      status: 403,
      message: 'User "rabbit-viewer-operator" has viewer on connection "local-rabbitmq"; cancelling a kafka-replay job needs operator on connection "local-rabbitmq" (its target)',
    });
    expect(await error(await call(who(), 'POST', '/api/jobs/{jobId}/resume', params))).toMatchObject({ status: 403, message: expect.stringMatching(/; resuming a kafka-replay job needs operator on connection "local-rabbitmq"/) });
    // The operator passes the check: what is left is whether the job is running (a dry run may be done already).
    expect([200, 409]).toContain((await call(s.operator, 'DELETE', '/api/jobs/{jobId}', params)).status);
    expect((await settled(job.id)).createdBy).toBe('operator');
  });
});

describe('jobs for a user granted operator on one connection only', () => {
  it('lets them start, list, view and cancel jobs between topics of that connection, whatever their default role', async () => {
    for (const name of ['kafka-operator', 'viewer-kafka-operator']) {
      const res = await call(s[name], 'POST', '/api/jobs', {}, { body: intoKafka });
      expect(res.status).toBe(201);
      const job = (await res.json()) as Job;
      expect(job.createdBy).toBe(name);
      expect([200, 409]).toContain((await call(s[name], 'DELETE', '/api/jobs/{jobId}', { jobId: job.id })).status);
      await settled(job.id);
      const list = await call(s[name], 'GET', '/api/jobs', {});
      expect(list.status).toBe(200);
      expect(((await list.json()) as { jobs: Job[] }).jobs.map((j) => j.id)).toContain(job.id);
      expect(((await (await call(s[name], 'GET', '/api/jobs/{jobId}', { jobId: job.id })).json()) as Job).createdBy).toBe(name);
    }
  });

  it('still refuses a job into a connection where they are only viewer, naming it', async () => {
    expect(await error(await call(s['kafka-operator'], 'POST', '/api/jobs', {}, { body: intoRabbit }))).toEqual({
      status: 403,
      message: 'User "kafka-operator" has viewer on connection "local-rabbitmq"; starting a kafka-replay job needs operator on connection "local-rabbitmq" (its target)',
    });
  });

  it('refuses starting a job to a user who is operator nowhere, before reading the body', async () => {
    expect(await error(await call(s['rabbit-reader'], 'POST', '/api/jobs', {}, { body: intoKafka }))).toEqual({
      status: 403,
      message: 'User "rabbit-reader" has at most reader on any connection; POST /api/jobs needs operator on a connection',
    });
    expect((await call(s.viewer, 'POST', '/api/jobs', {}, { body: intoKafka })).status).toBe(403);
  });
});

describe('what the jobs API shows each role', () => {
  const secret = `s3cret-${Date.now()}`;
  const filter = `key == "${secret}"`;
  const filtered = (body: typeof intoKafka) => ({ ...body, params: { ...body.params, source: { connection: 'local-kafka', topic: source, filter } } });
  /** local-kafka -> local-rabbitmq and local-kafka -> local-kafka, both with a filter naming a message's key. */
  let toRabbit: Job;
  let toKafka: Job;

  beforeAll(async () => {
    const started: Job[] = [];
    for (const body of [filtered(intoRabbit), filtered(intoKafka)]) {
      const res = await call(s.operator, 'POST', '/api/jobs', {}, { body });
      expect(res.status).toBe(201);
      const job = await settled(((await res.json()) as Job).id);
      expect(job.status).toBe('succeeded');
      // The result quotes the filter: it must go too.
      expect(job.result?.details.join(' ')).toContain(secret);
      started.push(job);
    }
    [toRabbit, toKafka] = started;
  });

  async function listed(who: Session): Promise<Job[]> {
    const res = await call(who, 'GET', '/api/jobs', {});
    expect(res.status).toBe(200);
    return ((await res.json()) as { jobs: Job[] }).jobs;
  }

  async function seenBy(who: Session, job: Job): Promise<{ listed: Job | undefined; one: Job; stream: string }> {
    const one = await call(who, 'GET', '/api/jobs/{jobId}', { jobId: job.id });
    expect(one.status).toBe(200);
    const stream = await call(who, 'GET', '/api/jobs/{jobId}/stream', { jobId: job.id }, { signal: AbortSignal.timeout(10_000) });
    expect(stream.status).toBe(200);
    return { listed: (await listed(who)).find((j) => j.id === job.id), one: (await one.json()) as Job, stream: await stream.text() };
  }

  it('below reader on any of its connections: metadata, progress and outcome, not the CEL filter (list, job, stream)', async () => {
    for (const [who, job] of [[s.viewer, toRabbit], [s.viewer, toKafka], [s['kafka-operator'], toRabbit]] as const) {
      const seen = await seenBy(who, job);
      for (const j of [seen.listed, seen.one]) {
        expect(j).toMatchObject({ id: job.id, status: 'succeeded', createdBy: 'operator', hidden: ['params.source.filter'], params: { kind: 'kafka-replay', source: { connection: 'local-kafka', topic: source } } });
        expect(j?.params.source).not.toHaveProperty('filter');
        expect(j?.result?.details[0]).toMatch(/matched "\(filter hidden: needs reader\)"/);
        expect(JSON.stringify(j)).not.toContain(secret);
      }
      expect(seen.stream).toMatch(/event: job\n/);
      expect(seen.stream).toMatch(/event: done\n/);
      expect(seen.stream).toContain('(filter hidden: needs reader)');
      expect(seen.stream).not.toContain(secret);
    }
  });

  it('reader or more on every connection it touches: the filter too', async () => {
    for (const [who, job] of [[s.reader, toRabbit], [s.operator, toRabbit], [s.admin, toKafka], [s['kafka-operator'], toKafka]] as const) {
      const seen = await seenBy(who, job);
      expect(seen.listed?.params.source.filter).toBe(filter);
      expect(seen.listed).not.toHaveProperty('hidden');
      expect(seen.one.params.source.filter).toBe(filter);
      expect(seen.stream).toContain(secret);
    }
  });

  it('lists only the jobs on connections where the caller holds at least viewer', async () => {
    const ids = (await listed(s['rabbit-reader'])).map((j) => j.id);
    expect(ids).not.toContain(toKafka.id);
    expect(ids).not.toContain(toRabbit.id);
    expect(await error(await call(s['rabbit-reader'], 'GET', '/api/jobs/{jobId}', { jobId: toRabbit.id }))).toEqual({
      status: 403,
      message: 'User "rabbit-reader" has no role on connection "local-kafka"; viewing a kafka-replay job needs viewer on connection "local-kafka" (its source)',
    });
    expect((await call(s['rabbit-reader'], 'GET', '/api/jobs/{jobId}/stream', { jobId: toRabbit.id })).status).toBe(403);
    // Viewer on local-rabbitmq, operator on local-kafka: the replay into RabbitMQ is theirs to see, not to resume.
    expect((await listed(s['kafka-operator'])).map((j) => j.id)).toContain(toRabbit.id);
    expect((await call(s['kafka-operator'], 'POST', '/api/jobs/{jobId}/resume', { jobId: toRabbit.id })).status).toBe(403);
  });
});
