import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { UnreachableError } from '../http/errors';
import { EARLIEST, LATEST, clusterMetadata, listOffsets, tpKey } from './cluster';
import { KafkaConnector, countRequests } from './connector';

const BOOTSTRAP = process.env.WHARF_TEST_KAFKA ?? '127.0.0.1:9092';
const topic = `wharf-test-${Date.now()}-${Math.random().toString(36).slice(2, 7)}-core`;
const live = new KafkaConnector({ id: 'core-test', name: 'Core test', kind: 'kafka', brokers: [BOOTSTRAP], clientId: 'wharf-test', readOnly: false, sampleIntervalMs: 5000, masking: [] } as never);
const closed = new KafkaConnector({ id: 'core-closed', name: 'Closed', kind: 'kafka', brokers: ['127.0.0.1:1'], clientId: 'wharf-test', readOnly: false, sampleIntervalMs: 5000, masking: [] } as never);

afterAll(async () => {
  await live.call('delete', (a) => a.deleteTopics({ topics: [topic] })).catch(() => undefined);
  await Promise.all([live.close(), closed.close()]);
});

describe('KafkaConnector on a real broker', () => {
  it('reads metadata, offsets and the broker release the way kcat and Kafka see them', async () => {
    await live.call('create', (a) => a.createTopics({ topics: [topic], partitions: 3, replicas: 1 }));
    execFileSync('kcat', ['-P', '-b', BOOTSTRAP, '-t', topic, '-p', '1', '-K:'], { input: 'a:1\nb:2\nc:3\n' });
    let meta = await clusterMetadata(live, [topic]);
    for (let i = 0; i < 50 && meta.topicMetadata[0]?.partitionMetadata.some((p) => p.leader < 0); i++) meta = await clusterMetadata(live, [topic]);
    const t = meta.topicMetadata.find((m) => m.topic === topic);
    expect(t?.topicErrorCode).toBe(0);
    expect(t?.partitionMetadata.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);
    expect(meta.brokers.length).toBeGreaterThan(0);
    const refs = t!.partitionMetadata.map((p) => ({ topic, partition: p.partitionId, leader: p.leader }));
    const [low, high] = await Promise.all([listOffsets(live, refs, EARLIEST), listOffsets(live, refs, LATEST)]);
    expect([0, 1, 2].map((p) => high.get(tpKey(topic, p)))).toEqual([0, 3, 0]);
    expect([0, 1, 2].map((p) => low.get(tpKey(topic, p)))).toEqual([0, 0, 0]);
    // The offsets kcat reads agree: the last message of partition 1 is at offset 2.
    const lastOffset = execFileSync('kcat', ['-C', '-b', BOOTSTRAP, '-t', topic, '-p', '1', '-o', '-1', '-e', '-q', '-f', '%o\\n']).toString().trim();
    expect(lastOffset).toBe('2');
    const probe = await live.probe();
    expect(probe.counts).toMatchObject({ kind: 'kafka', brokers: meta.brokers.length });
    // Kafka's own tool names the same release line: SupportedMaxVersion of metadata.version, e.g. 4.4-IV2.
    const features = execFileSync('bash', ['scripts/kafka.sh', 'class', 'org.apache.kafka.tools.FeatureCommand', '--bootstrap-server', BOOTSTRAP, 'describe'], { timeout: 60_000 }).toString();
    const release = /metadata\.version\s+SupportedMinVersion:\s*\S+\s+SupportedMaxVersion:\s*(\d+\.\d+)-IV\d+/.exec(features)?.[1];
    expect(release).toBeDefined();
    expect(probe.version).toBe(release);
  });

  it('counts the requests sent inside a scope', async () => {
    const { requests } = await countRequests(() => clusterMetadata(live, [topic]));
    expect(requests).toBe(1);
    const two = await countRequests(() => Promise.all([clusterMetadata(live, [topic]), clusterMetadata(live)]));
    expect(two.requests).toBe(2);
  });

  it('answers an unreachable cluster with 503 naming the connection, and fails fast while it backs off', async () => {
    const started = Date.now();
    const first = await closed.probe().catch((e: unknown) => e);
    expect(first).toBeInstanceOf(UnreachableError);
    expect((first as Error).message).toContain('"core-closed"');
    expect(Date.now() - started).toBeLessThan(5000);
    const again = Date.now();
    await expect(clusterMetadata(closed)).rejects.toBeInstanceOf(Error);
    const blocked = await closed.run('metadata', (c) => clusterMetadata(c)).catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(UnreachableError);
    expect(Date.now() - again).toBeLessThan(5000);
  });
});
