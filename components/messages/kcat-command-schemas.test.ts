import { describe, expect, it } from 'vitest';
import type { KafkaMessage } from '@/lib/contracts/kafka-messages';
import { kcatCommand, kcatReadCommand } from './kcat-command';

describe('kcat commands of schema-decoded messages', () => {
  it('copies and reads the bytes, not the JSON shown', () => {
    const bytes = Buffer.from([0, 0, 0, 0, 100, 6, 112]).toString('base64');
    const field = { encoding: 'json' as const, display: '{"id":"p"}', base64: bytes, size: 7, truncated: false, schema: { format: 'avro' as const, id: 100, name: null } };
    const m: KafkaMessage = { partition: 0, offset: 3, timestamp: 1, timestampType: 'create', key: field, value: field, headers: [], size: 14 };
    const copy = kcatCommand('h:9092', 't', m)!;
    expect(copy).toContain(`printf '%s' '${bytes}' | base64 -d > /tmp/wharf-message.bin`);
    expect(copy).toContain(`-k "$(printf '%s' '${bytes}' | base64 -d)"`);
    expect(copy).not.toContain('"id"');
    expect(kcatReadCommand('h:9092', 't', m)).toMatch(/\| base64$/);
  });
});
