import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Kafka, logLevel, Partitioners, type Admin, type Message } from 'kafkajs';

const run = promisify(execFile);
export const BOOTSTRAP = '127.0.0.1:9092';

export const uniqueName = (label: string) => `wharf-test-${Date.now()}-${Math.random().toString(36).slice(2, 7)}-${label}`;

export function testKafka() {
  return new Kafka({ clientId: 'wharf-test', brokers: [BOOTSTRAP], logLevel: logLevel.NOTHING });
}

export async function withAdmin<T>(fn: (a: Admin) => Promise<T>): Promise<T> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

export async function createTopic(topic: string, numPartitions = 1, configEntries: { name: string; value: string }[] = []) {
  await withAdmin((a) => a.createTopics({ topics: [{ topic, numPartitions, replicationFactor: 1, configEntries }], waitForLeaders: true }));
}

export async function deleteTopics(...topics: string[]) {
  await withAdmin((a) => a.deleteTopics({ topics })).catch(() => undefined);
}

export async function produce(topic: string, messages: Message[]) {
  const producer = testKafka().producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += 1000) await producer.send({ topic, messages: messages.slice(i, i + 1000), acks: -1 });
  } finally {
    await producer.disconnect();
  }
}

/** kcat, the reference client: consume a partition from `offset` to its end and return each line of `format`. */
export async function kcatConsume(topic: string, partition: number, offset: string, format = '%o\\n'): Promise<string[]> {
  const { stdout } = await run('kcat', ['-b', BOOTSTRAP, '-C', '-t', topic, '-p', String(partition), '-o', offset, '-e', '-q', '-f', format], {
    maxBuffer: 256 * 1024 * 1024,
    timeout: 60_000,
  });
  return stdout.split('\n').filter(Boolean);
}
