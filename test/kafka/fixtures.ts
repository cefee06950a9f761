import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BOOTSTRAP, kafkaToolArgs, uniqueName } from '@/test/support/kafka';

const run = promisify(execFile);
export { BOOTSTRAP };

/** A unique topic name for one test; delete it in afterAll with deleteTopicCli. */
export const uniqueTopic: (label: string) => string = uniqueName;

/** Runs Kafka's own kafka-topics tool (through scripts/kafka.sh) against BOOTSTRAP. */
export async function kafkaTopics(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run('bash', kafkaToolArgs('topics', args), { maxBuffer: 16 * 1024 * 1024, timeout: 90_000 });
    return stdout;
  } catch (e) {
    const err = e as { stderr?: string; message?: string };
    throw new Error(`kafka-topics ${args.join(' ')} failed: ${err.message ?? ''} ${err.stderr ?? ''}`);
  }
}

export async function createTopicCli(topic: string, partitions = 1, configs: Record<string, string> = {}): Promise<void> {
  const config = Object.entries(configs).flatMap(([k, v]) => ['--config', `${k}=${v}`]);
  await kafkaTopics('--create', '--topic', topic, '--partitions', String(partitions), '--replication-factor', '1', ...config);
}

export async function deleteTopicCli(topic: string): Promise<void> {
  await kafkaTopics('--delete', '--topic', topic).catch(() => undefined);
}

/** kcat with BOOTSTRAP; `input` goes to stdin. Returns stdout as bytes. */
export async function kcat(args: string[], input?: Buffer | string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile('kcat', ['-b', BOOTSTRAP, ...args], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`kcat ${args.join(' ')} failed: ${err.message} ${stderr.toString()}`));
      else resolve(stdout);
    });
    if (input !== undefined) child.stdin?.end(input);
    else child.stdin?.end();
  });
}

/** Calls a route handler module's exported method the way Next does. */
export function ctx<P extends Record<string, string>>(params: P): { params: Promise<P> } {
  return { params: Promise.resolve(params) };
}
