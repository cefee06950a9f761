import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Guards the wiring of the test runs: each vitest project names its Kafka in WHARF_TEST_KAFKA (4.4 on :9092, 3.9.1 on
// :9592 in int-kafka39), and scripts/kafka.sh's tools must reach that same broker, or a 3.9 run would test 4.4.
const target = process.env.WHARF_TEST_KAFKA;
const release = process.env.WHARF_TEST_KAFKA_VERSION;
const kafkaSh = (...args: string[]) => execFileSync('bash', ['scripts/kafka.sh', ...args], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });

describe('the Kafka this test run targets', () => {
  it('is the one scripts/kafka.sh tools connect to, and runs the release the project names', () => {
    expect(target).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(kafkaSh('bootstrap').trim()).toBe(target);
    const features = kafkaSh('features', 'describe');
    const max = /metadata\.version\s+SupportedMinVersion:\s*\S+\s+SupportedMaxVersion:\s*(\d+\.\d+)-IV\d+/.exec(features)?.[1];
    expect(max).toBe(release);
  });

  it('has share groups on Kafka 4.x (KIP-932), and the 3.x tools say they have none', () => {
    if (release?.startsWith('4.')) {
      expect(kafkaSh('features', 'describe')).toMatch(/share\.version\s.*FinalizedVersionLevel:\s*[1-9]/);
      kafkaSh('share-groups', '--list');
    } else {
      expect(() => kafkaSh('share-groups', '--list')).toThrow(/needs the Kafka 4\.x tools/);
    }
  });
});
