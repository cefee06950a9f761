import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '@/lib/contracts/jobs';
import { call, login, withAuthConfig, type Session } from '@/test/support/auth-harness';

// "rabbit-viewer-operator" in test/wharf.auth.yaml is operator by default but only viewer on local-rabbitmq.
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
  for (const name of ['operator', 'admin', 'rabbit-viewer-operator']) s[name] = await login(name);
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
