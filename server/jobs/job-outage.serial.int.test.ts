import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getJobRoute } from '@/app/api/jobs/[jobId]/route';
import { POST as resumeJobRoute } from '@/app/api/jobs/[jobId]/resume/route';
import { POST as startJobRoute } from '@/app/api/jobs/route';
import type { Job } from '@/lib/contracts/jobs';
import { eventually, kafkaCli } from '@/test/support/cli';
import { createTopic, deleteTopics, produce, testClientOptions, topicOffsets, uniqueName, waitForLeaders } from '@/test/support/kafka';
import { Admin } from '@platformatic/kafka';

const outage = { KAFKA_INSTANCE: 'outage', KAFKA_PORT: '9392' };
const N = 200_000;
const source = uniqueName('outage-src');
const target = uniqueName('outage-dst');

async function json(res: Promise<Response>) {
  return (await (await res).json()) as Job;
}
const job = (jobId: string) => json(getJobRoute(new Request('http://x'), { params: Promise.resolve({ jobId }) }));

/** An Admin of the outage node (the serial tests' own, on :9392). */
const outageAdmin = () => new Admin({ ...testClientOptions('wharf-test-outage'), bootstrapBrokers: ['127.0.0.1:9392'] });

async function targetCount(): Promise<number> {
  const admin = outageAdmin();
  try {
    return (await topicOffsets(admin, target)).reduce((n, p) => n + p.high - p.low, 0);
  } finally {
    await admin.close();
  }
}

describe('a replay whose target broker dies mid-way', () => {
  beforeAll(async () => {
    await kafkaCli(['start'], outage);
    await createTopic(source, 2);
    await produce(source, Array.from({ length: N }, (_, i) => ({ partition: i % 2, key: `k${i}`, value: `v${i}` })));
    const admin = outageAdmin();
    try {
      await admin.createTopics({ topics: [target], partitions: 2, replicas: 1 });
      await waitForLeaders(admin, [target]);
    } finally {
      await admin.close();
    }
  }, 240_000);
  afterAll(async () => {
    await deleteTopics(source);
    await kafkaCli(['reset'], outage);
  }, 120_000);

  it('fails cleanly naming the connection, then resumes from its checkpoint with every message exactly once', async () => {
    const started = await json(
      startJobRoute(
        new Request('http://x/api/jobs', {
          method: 'POST',
          body: JSON.stringify({ params: { kind: 'kafka-replay', source: { connection: 'local-kafka', topic: source }, target: { kind: 'kafka', connection: 'outage-kafka', topic: target } } }),
        }),
        { params: Promise.resolve({}) },
      ),
    );
    await eventually(async () => ((await job(started.id)).progress.written > 0 ? true : undefined), 60_000, 20);
    await kafkaCli(['stop'], outage);
    const failed = await eventually(async () => {
      const j = await job(started.id);
      return j.status !== 'running' ? j : undefined;
    }, 120_000, 500);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/outage-kafka/);
    expect(failed.progress.written).toBeLessThan(N);

    await kafkaCli(['start'], outage);
    await eventually(async () => {
      const res = await resumeJobRoute(new Request('http://x', { method: 'POST' }), { params: Promise.resolve({ jobId: started.id }) });
      return res.status === 200 ? true : undefined;
    }, 60_000, 2000);
    const done = await eventually(async () => {
      const j = await job(started.id);
      return j.status !== 'running' ? j : undefined;
    }, 180_000, 500);
    expect(done.status).toBe('succeeded');
    expect(done.progress.written).toBe(N);
    expect(done.result).toMatchObject({ verified: true, possibleDuplicates: 0 });
    expect(await targetCount()).toBe(N);
  });
});
