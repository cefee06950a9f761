import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, kafkaCli, repoRoot } from '@/test/support/cli';
import { UnreachableError } from '../http/errors';
import { clusterMetadata, LATEST, listOffsets } from './cluster';
import { KafkaConnector } from './connector';

/*
 * A hung broker (process stopped with SIGSTOP: its sockets stay open and accept, nothing answers) is worse than a
 * closed port: a client waits for answers that never come. Every call must still fail within 5 s, as a 503 naming
 * the connection, and work again once the broker runs, without a restart.
 */
const node = { KAFKA_INSTANCE: 'hung', KAFKA_PORT: '9992' };
const topic = `wharf-test-${Date.now()}-hung`;
const connector = new KafkaConnector({ id: 'hung-kafka', kind: 'kafka', brokers: ['127.0.0.1:9992'], clientId: 'wharf-test', readOnly: false, sampleIntervalMs: 5000, masking: [] } as never);
let pid = 0;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T | Error }> {
  const started = Date.now();
  const result = await work().catch((e: unknown) => e as Error);
  return { ms: Date.now() - started, result };
}

beforeAll(async () => {
  await kafkaCli(['start'], node);
  pid = Number(readFileSync(path.join(repoRoot, '.data/kafka/hung/node1.pid'), 'utf8'));
  await connector.call('create topic', (a) => a.createTopics({ topics: [topic], partitions: 2, replicas: 1 }));
  await eventually(async () => ((await clusterMetadata(connector, [topic])).topicMetadata[0]?.partitionMetadata.every((p) => p.leader >= 0) ? true : undefined));
}, 240_000);

afterAll(async () => {
  if (pid) process.kill(pid, 'SIGCONT');
  await connector.close();
  await kafkaCli(['stop'], node).catch(() => undefined);
}, 120_000);

describe('a hung Kafka broker', () => {
  it('fails every call within 5 s as a 503 naming the connection, then recovers by itself', async () => {
    process.kill(pid, 'SIGSTOP');
    try {
      const calls: Array<[string, () => Promise<unknown>]> = [
        ['metadata', () => connector.run('metadata', () => clusterMetadata(connector))],
        ['offsets', () => connector.run('offsets', () => listOffsets(connector, [{ topic, partition: 0, leader: 1 }], LATEST))],
        ['admin', () => connector.call('list topics', (a) => a.listTopics())],
        ['probe', () => connector.probe()],
        // Twice again: the first failures must not leave later calls waiting on the hung sockets.
        ['metadata again', () => connector.run('metadata', () => clusterMetadata(connector))],
        ['probe again', () => connector.probe()],
      ];
      for (const [what, call] of calls) {
        const { ms, result } = await timed(call);
        expect(result, `${what}: ${String(result)}`).toBeInstanceOf(UnreachableError);
        expect((result as Error).message, what).toContain('"hung-kafka"');
        expect(ms, what).toBeLessThan(5000);
      }
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const back = await eventually(async () => (await connector.run('metadata', () => clusterMetadata(connector, [topic]))).topicMetadata[0], 20_000);
    expect(back.topic).toBe(topic);
    expect((await connector.probe()).counts).toMatchObject({ kind: 'kafka', brokers: 1 });
  });
});
