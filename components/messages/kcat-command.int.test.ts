import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaMessage } from '@/lib/contracts/kafka-messages';
import { BOOTSTRAP, createTopic, deleteTopics, kcatConsume, uniqueName } from '@/test/support/kafka';
import { kcatCommand, kcatReadCommand } from './kcat-command';

const sh = promisify(execFile);
const run = async (command: string) => (await sh('bash', ['-c', command], { timeout: 30_000 })).stdout;
const text = (s: string) => ({ encoding: 'text' as const, display: s, base64: Buffer.from(s).toString('base64'), size: s.length, truncated: false });

/** The commands are run as a user would paste them, against the real broker: reading writes nothing, the copy lands. */
describe('kcat commands against Kafka', () => {
  const topic = uniqueName('kcat');
  beforeAll(async () => {
    await createTopic(topic, 1);
    // Two messages: the read command must stop after the one at offset 0.
    await run(`printf 'first $HOME\\nline2' > /tmp/wharf-kcat-it.bin && kcat -b ${BOOTSTRAP} -P -t "${topic}" -p 0 -k 'k1' -H 'h=v' /tmp/wharf-kcat-it.bin`);
    await run(`printf 'second' | kcat -b ${BOOTSTRAP} -P -t "${topic}" -p 0`);
  });
  afterAll(() => deleteTopics(topic));

  const first: KafkaMessage = {
    partition: 0,
    offset: 0,
    timestamp: 1,
    timestampType: 'create',
    key: text('k1'),
    value: text('first $HOME\nline2'),
    headers: [{ key: 'h', value: text('v') }],
    size: 20,
  };

  it('the read command prints this message only, and the topic keeps its two messages', async () => {
    const out = await run(kcatReadCommand(BOOTSTRAP, topic, first));
    expect(out).toMatch(/^Partition 0, offset 0, timestamp \d+\nKey: k1\nHeaders: h=v\nValue: first \$HOME\nline2\n$/);
    expect(await kcatConsume(topic, 0, 'beginning')).toEqual(['0', '1']);
  });

  it('the produce-a-copy command writes one new message equal to it', async () => {
    const copy = kcatCommand(BOOTSTRAP, topic, first);
    expect(copy).not.toBeNull();
    await run(copy ?? '');
    const read = await run(kcatReadCommand(BOOTSTRAP, topic, { ...first, offset: 2 }));
    expect(read).toMatch(/^Partition 0, offset 2, timestamp \d+\nKey: k1\nHeaders: h=v\nValue: first \$HOME\nline2\n$/);
  });
});
