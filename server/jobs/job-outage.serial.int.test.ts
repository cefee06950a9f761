import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getJobRoute } from '@/app/api/jobs/[jobId]/route';
import { POST as resumeJobRoute } from '@/app/api/jobs/[jobId]/resume/route';
import { POST as startJobRoute } from '@/app/api/jobs/route';
import type { Job } from '@/lib/contracts/jobs';
import { eventually, kafkaCli } from '@/test/support/cli';
import { createTopic, deleteTopics, produce, uniqueName } from '@/test/support/kafka';
import { Kafka, logLevel } from 'kafkajs';

const outage = { KAFKA_INSTANCE: 'outage', KAFKA_PORT: '9392' };
const N = 200_000;
const source = uniqueName('outage-src');
const target = uniqueName('outage-dst');

async function json(res: Promise<Response>) {
  return (await (await res).json()) as Job;
}
const job = (jobId: string) => json(getJobRoute(new Request('http://x'), { params: Promise.resolve({ jobId }) }));

async function targetCount(): Promise<number> {
  const admin = new Kafka({ brokers: ['127.0.0.1:9392'], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(target)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

describe('a replay whose target broker dies mid-way', () => {
  beforeAll(async () => {
    await kafkaCli(['start'], outage);
    await createTopic(source, 2);
    await produce(source, Array.from({ length: N }, (_, i) => ({ partition: i % 2, key: `k${i}`, value: `v${i}` })));
    const admin = new Kafka({ brokers: ['127.0.0.1:9392'], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: target, numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();
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
