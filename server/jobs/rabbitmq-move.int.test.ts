import { execFileSync } from 'node:child_process';
import type { ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELETE as cancelJobRoute, GET as getJobRoute } from '@/app/api/jobs/[jobId]/route';
import { POST as resumeJobRoute } from '@/app/api/jobs/[jobId]/resume/route';
import { GET as listJobsRoute, POST as startJobRoute } from '@/app/api/jobs/route';
import type { Job } from '@/lib/contracts/jobs';
import { createQueue, deleteQueues, drain, jsonRequest, openAmqp, publishMany, rabbitmqctlCounts, uniqueName, waitFor } from '@/test/rabbitmq/helpers';

const CONN = 'local-rabbitmq';
const N = 10_000;
const route = { params: Promise.resolve({}) };
const byId = (jobId: string) => ({ params: Promise.resolve({ jobId }) });

async function start(source: Record<string, unknown>, target: Record<string, unknown>, opts: { batchSize?: number; dryRun?: boolean } = {}) {
  const params = { kind: 'rabbitmq-move', source: { connection: CONN, vhost: '/', ...source }, target: { connection: CONN, ...target }, batchSize: opts.batchSize ?? 200 };
  return startJobRoute(jsonRequest('POST', 'http://x/api/jobs', { params, dryRun: opts.dryRun ?? false }), route);
}
async function started(res: Promise<Response>): Promise<Job> {
  const r = await res;
  const body = (await r.json()) as Job;
  expect(r.status, JSON.stringify(body)).toBe(201);
  return body;
}
const getJob = async (id: string) => (await (await getJobRoute(new Request('http://x'), byId(id))).json()) as Job;
async function settled(id: string): Promise<Job> {
  let job: Job | undefined;
  await waitFor(async () => (job = await getJob(id)).status !== 'running', 120_000, 100);
  return job!;
}
/** How many messages the batch in doubt would have moved (0 when every commit was confirmed). */
const inDoubt = (job: Job) => Number(/The commit of the last batch \((\d+) to move/.exec(job.error ?? '')?.[1] ?? 0);
const ids = (bodies: string[]) => bodies.map(Number).sort((a, b) => a - b);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** Closes the job's own AMQP connection from the broker node, as an operator's "force close" does. */
function closeMoveConnection(source: string): void {
  let pid: string | undefined;
  const find = () => {
    const out = execFileSync('rabbitmqctl', ['-q', 'list_connections', '--no-table-headers', 'pid', 'client_properties'], { encoding: 'utf8' });
    pid = out.split('\n').find((line) => line.includes(`wharf-move ${source}`))?.split('\t')[0];
    return pid !== undefined;
  };
  if (!find()) throw new Error(`no AMQP connection of the move of ${source}`);
  execFileSync('rabbitmqctl', ['-q', 'close_connection', pid!, 'closed by the move job test']);
}

describe('RabbitMQ moves as jobs', () => {
  let model: ChannelModel;
  const queues: string[] = [];
  const pair = async (label: string, n: number) => {
    const [src, dst] = [uniqueName(`mv-${label}-src`), uniqueName(`mv-${label}-dst`)];
    queues.push(src, dst);
    await createQueue(src);
    await createQueue(dst);
    await publishMany(model, src, n, (i) => ({ body: Buffer.from(String(i)), headers: { parity: i % 2 ? 'odd' : 'even' } }));
    return { src, dst };
  };

  beforeAll(async () => {
    model = await openAmqp();
  });
  afterAll(async () => {
    await deleteQueues(queues);
    await model.close();
  });

  it('a move killed mid-way fails with the committed counts; resumed, it moves the rest: every message once', async () => {
    const { src, dst } = await pair('resume', N);
    const job = await started(start({ queue: src, filter: 'headers.parity == "even"' }, { queue: dst }, { batchSize: 50 }));
    await waitFor(async () => (await getJob(job.id)).progress.written >= 1000, 60_000, 50);
    closeMoveConnection(src);
    const failed = await settled(job.id);
    expect(failed.status).toBe('failed');
    // Progress is what the broker committed. Only a batch whose commit was sent and never confirmed is in doubt:
    // the job says so, and it is all in the source or all in the destination.
    const moved = failed.progress.written;
    const doubt = inDoubt(failed);
    expect(moved).toBeGreaterThanOrEqual(1000);
    expect(moved).toBeLessThan(N / 2);
    await waitFor(() => (rabbitmqctlCounts().get(src) ?? 0) + (rabbitmqctlCounts().get(dst) ?? 0) === N);
    expect([moved, moved + doubt]).toContain(rabbitmqctlCounts().get(dst));
    expect(failed.progress).toMatchObject({ total: N, confirmed: moved, matched: moved, skipped: failed.progress.read - moved });

    const list = (await (await listJobsRoute(new Request('http://x/api/jobs'), route)).json()) as { jobs: Job[] };
    expect(list.jobs.find((j) => j.id === job.id)).toMatchObject({ kind: 'rabbitmq-move', status: 'failed' });

    expect((await resumeJobRoute(new Request('http://x', { method: 'POST' }), byId(job.id))).status).toBe(200);
    const done = await settled(job.id);
    expect(done.status).toBe('succeeded');
    // Whatever happened to a batch in doubt, the end state is exact: every even message moved once, every odd one left.
    expect(done.progress.total).toBe(N);
    expect([N / 2, N / 2 - doubt]).toContain(done.progress.written);
    if (doubt) expect(done.result?.details.join(' ')).toMatch(/whose commit was under way when the job was interrupted is not counted/);
    const [left, movedIds] = [ids(await drain(model, src)), ids(await drain(model, dst))];
    expect(movedIds).toEqual(range(0, N).filter((i) => i % 2 === 0));
    expect(left).toEqual(range(0, N).filter((i) => i % 2 === 1));
  });

  it('a limit holds across a resume: exactly that many are moved, the oldest first', async () => {
    const { src, dst } = await pair('limit', 5000);
    const job = await started(start({ queue: src, limit: 3000 }, { queue: dst }, { batchSize: 20 }));
    await waitFor(async () => (await getJob(job.id)).progress.written >= 500, 60_000, 50);
    expect((await cancelJobRoute(new Request('http://x', { method: 'DELETE' }), byId(job.id))).status).toBe(200);
    expect((await settled(job.id)).status).toBe('cancelled');
    expect((await resumeJobRoute(new Request('http://x', { method: 'POST' }), byId(job.id))).status).toBe(200);
    const done = await settled(job.id);
    expect(done).toMatchObject({ status: 'succeeded', progress: { total: 3000, read: 3000, written: 3000 } });
    expect(ids(await drain(model, dst))).toEqual(range(0, 3000));
    expect(ids(await drain(model, src))).toEqual(range(3000, 5000));
  });

  it('cancels after the batch under way; what it committed stays moved', async () => {
    const { src, dst } = await pair('cancel', 4000);
    const job = await started(start({ queue: src }, { queue: dst }, { batchSize: 10 }));
    await waitFor(async () => (await getJob(job.id)).progress.written >= 200, 60_000, 50);
    expect((await cancelJobRoute(new Request('http://x', { method: 'DELETE' }), byId(job.id))).status).toBe(200);
    const done = await settled(job.id);
    expect(done.status).toBe('cancelled');
    const moved = done.progress.written;
    expect(moved).toBeLessThan(4000);
    await waitFor(() => rabbitmqctlCounts().get(dst) === moved && rabbitmqctlCounts().get(src) === 4000 - moved);
  });

  it('a dry run reads no message: the queue, its order and redelivered flags are untouched', async () => {
    const { src, dst } = await pair('dry', 10);
    const job = await started(start({ queue: src }, { exchange: 'amq.direct', routingKey: dst }, { dryRun: true }));
    const done = await settled(job.id);
    expect(done.status).toBe('succeeded');
    expect(done.result?.details[0]).toMatch(/would move up to 10 message\(s\).*routed nowhere; no message was read/);
    const ch = await model.createChannel();
    const first = await ch.get(src, { noAck: true });
    await ch.close();
    expect(first && first.fields.redelivered).toBe(false);
    expect(first && first.content.toString()).toBe('0');
  });

  it('refuses bad destinations and other connections before anything is read, naming what was wrong', async () => {
    const { src } = await pair('refuse', 3);
    const cases: Array<[Record<string, unknown>, Record<string, unknown>, number, RegExp]> = [
      [{ queue: src }, { queue: 'wharf-no-such-queue' }, 404, /destination queue "wharf-no-such-queue".*not found/],
      [{ queue: src }, { exchange: 'wharf-no-such-exchange', routingKey: 'x' }, 404, /destination exchange "wharf-no-such-exchange".*not found/],
      [{ queue: src }, { queue: src }, 400, /same queue/],
      [{ queue: src }, { queue: 'a', exchange: 'b' }, 400, /exactly one destination/],
      [{ queue: src }, { connection: 'closed-rabbitmq', queue: 'x' }, 400, /stays on one connection/],
      [{ queue: src, filter: 'value ==' }, { queue: 'x' }, 400, /filter|CEL|Syntax/i],
    ];
    for (const [source, target, status, message] of cases) {
      const res = await start(source, target);
      const body = (await res.json()) as { error: { message: string } };
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(body.error.message).toMatch(message);
    }
    expect(rabbitmqctlCounts().get(src)).toBe(3);
  });
});
