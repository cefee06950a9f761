import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lagFixture, uniqueName, type LagFixture } from '@/test/lag/kafka-fixture';
import { useTempStoreDir } from '@/test/lag/temp-store';
import { createQueue, deleteQueues, enc, mgmt, uniqueName as uniqueQueueName, waitFor } from '@/test/rabbitmq/helpers';
import * as metricsRoute from '@/app/metrics/route';
import { runningSamplers } from '../sampler/registry';
import { closeStore } from '../store/store';

describe('GET /metrics', () => {
  let f: LagFixture;
  let cleanupStore: () => void;
  const groupId = uniqueName('prom');
  let topic: string;
  // A queue of the test's own: on a fresh broker nothing else is sure to exist when it scrapes.
  const queue = uniqueQueueName('prom');

  beforeAll(async () => {
    cleanupStore = useTempStoreDir();
    f = await lagFixture();
    topic = await f.createTopic(2);
    await f.produce(topic, 9, 0);
    await f.commit(groupId, topic, [{ partition: 0, offset: 4 }]);
    await createQueue(queue);
    // The management API reports a new queue's counts from its next statistics round (every 5 s by default).
    await waitFor(async () => ((await mgmt('GET', `queues/${enc('/', queue)}`)) as { messages_ready?: number }).messages_ready !== undefined);
  });

  afterAll(async () => {
    delete process.env.WHARF_PROMETHEUS_PARTITION_LAG;
    await Promise.allSettled(runningSamplers().map((s) => s.stop()));
    await f?.cleanup();
    await deleteQueues([queue]);
    await closeStore();
    cleanupStore?.();
  });

  const scrape = async () => {
    const res = await metricsRoute.GET(new Request('http://x/metrics'), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    return res.text();
  };

  it('exports lag, status, queue depth, sampler and process metrics in the Prometheus text format', async () => {
    await scrape();
    await Promise.all(runningSamplers().map((s) => s.tick()));
    const text = await scrape();
    expect(text).toContain(`wharf_consumer_group_total_lag{connection="local-kafka",group="${groupId}"} 5`);
    expect(text).toContain(`wharf_consumer_group_lag{connection="local-kafka",group="${groupId}",topic="${topic}"} 5`);
    expect(text).toContain(`wharf_consumer_group_members{connection="local-kafka",group="${groupId}"} 0`);
    expect(text).toMatch(/# TYPE wharf_consumer_group_lag_status gauge/);
    const rabbit = runningSamplers().find((s) => s.id === 'local-rabbitmq');
    expect(rabbit?.lastTick?.error ?? null, 'local-rabbitmq tick').toBeNull();
    const kafka = runningSamplers().find((s) => s.id === 'local-kafka');
    expect(kafka?.lastTick?.error ?? null, 'local-kafka tick').toBeNull();
    expect(text).toContain('wharf_sampler_up{connection="local-kafka"} 1');
    expect(text).toMatch(new RegExp(`wharf_queue_messages_ready\\{connection="local-rabbitmq",vhost="/",queue="${queue}"\\} \\d+`));
    expect(text).toMatch(/wharf_sampler_tick_duration_seconds_count\{connection="local-kafka"\} [1-9]/);
    expect(text).toMatch(/wharf_sampler_broker_requests_total\{connection="local-kafka"\} [1-9]/);
    expect(text).toMatch(/wharf_sampler_errors_total\{connection="closed-kafka"\} [1-9]/);
    expect(text).toContain('wharf_sampler_up{connection="closed-kafka"} 0');
    expect(text).toMatch(/wharf_process_resident_memory_bytes \d+/);
    // Per-partition series are off by default to bound cardinality.
    expect(text).not.toMatch(/wharf_consumer_group_partition_lag\{/);
    process.env.WHARF_PROMETHEUS_PARTITION_LAG = 'true';
    expect(await scrape()).toContain(`wharf_consumer_group_partition_lag{connection="local-kafka",group="${groupId}",topic="${topic}",partition="0"} 5`);
  });
});
