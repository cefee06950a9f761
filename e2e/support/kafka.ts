import { execFileSync } from 'node:child_process';
import { BOOTSTRAP, kafkaToolArgs } from '../../test/support/kafka';

export const e2eTopic = (label: string) => `e2e-${Date.now()}-${Math.random().toString(36).slice(2, 6)}-${label}`;

export function kafkaTopicsCli(...args: string[]): string {
  return execFileSync('bash', kafkaToolArgs('topics', args), { encoding: 'utf8' });
}

export function createTopic(topic: string, partitions = 1): void {
  kafkaTopicsCli('--create', '--topic', topic, '--partitions', String(partitions), '--replication-factor', '1');
}

export function deleteTopic(topic: string): void {
  try {
    kafkaTopicsCli('--delete', '--topic', topic);
  } catch {
    // Already gone (the test deleted it through the UI).
  }
}

export function topicExists(topic: string): boolean {
  return kafkaTopicsCli('--list').split('\n').includes(topic);
}

/** Produces "key|value" lines with kcat. */
export function produce(topic: string, lines: string[], partition = 0): void {
  execFileSync('kcat', ['-b', BOOTSTRAP, '-P', '-t', topic, '-p', String(partition), '-K', '|'], { input: `${lines.join('\n')}\n` });
}

/** Reads one message with kcat: "key|value". */
export function consumeAt(topic: string, partition: number, offset: number): string {
  return execFileSync('kcat', ['-b', BOOTSTRAP, '-C', '-t', topic, '-p', String(partition), '-o', String(offset), '-c', '1', '-e', '-q', '-f', '%k|%s'], { encoding: 'utf8' });
}
