import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** Kafka topic names as Kafka's own CLI lists them. */
export function kafkaTopicCount(): number {
  const out = execFileSync('bash', [path.join(root, 'scripts/kafka.sh'), 'topics', '--list'], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean).length;
}

export function rabbitQueueCount(vhost = '/'): number {
  const out = execFileSync('rabbitmqctl', ['list_queues', '-q', '--no-table-headers', '-p', vhost, 'name'], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean).length;
}
