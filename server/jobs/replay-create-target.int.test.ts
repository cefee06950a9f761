import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getJobRoute } from '@/app/api/jobs/[jobId]/route';
import { POST as startJobRoute } from '@/app/api/jobs/route';
import type { Job } from '@/lib/contracts/jobs';
import { getConnectorOf } from '@/server/connections/registry';
import { clusterMetadata } from '@/server/kafka/cluster';
import { eventually } from '@/test/support/cli';
import { createTopic, deleteTopics, kcatConsume, produce, uniqueName } from '@/test/support/kafka';

const source = uniqueName('replay-shape-src');
const target = uniqueName('replay-shape-dst');

async function partitionsOf(topic: string): Promise<number> {
  const meta = await clusterMetadata(getConnectorOf('local-kafka', 'kafka'), [topic]);
  return meta.topicMetadata.find((t) => t.topic === topic)?.partitionMetadata.length ?? 0;
}

describe('a replay that creates its target topic', () => {
  beforeAll(async () => {
    await createTopic(source, 6);
    await produce(source, Array.from({ length: 60 }, (_, i) => ({ partition: i % 6, key: `k${i}`, value: String(i) })));
  }, 120_000);
  afterAll(() => deleteTopics(source, target));

  it('creates it with the source partition count, even when it replays only some partitions', async () => {
    const res = await startJobRoute(
      new Request('http://x/api/jobs', {
        method: 'POST',
        body: JSON.stringify({
          params: {
            kind: 'kafka-replay',
            source: { connection: 'local-kafka', topic: source, partitions: [0, 1] },
            target: { kind: 'kafka', connection: 'local-kafka', topic: target, partitioning: 'keep', createTopic: true },
          },
        }),
      }),
      { params: Promise.resolve({}) },
    );
    const body = (await res.json()) as Job;
    expect(res.status, JSON.stringify(body)).toBe(201);
    const { id } = body;
    const done = await eventually(async () => {
      const job = (await (await getJobRoute(new Request('http://x'), { params: Promise.resolve({ jobId: id }) })).json()) as Job;
      return job.status !== 'running' ? job : undefined;
    }, 60_000, 200);
    // What the source holds (10 per partition, unless the test producer retried a request on a loaded machine).
    const [p0, p1] = [(await kcatConsume(source, 0, 'beginning')).length, (await kcatConsume(source, 1, 'beginning')).length];
    expect(done).toMatchObject({ status: 'succeeded', progress: { written: p0 + p1 } });
    expect(await partitionsOf(target)).toBe(6);
    expect(await kcatConsume(target, 1, 'beginning')).toHaveLength(p1);
    expect(await kcatConsume(target, 5, 'beginning')).toHaveLength(0);
  });
});
