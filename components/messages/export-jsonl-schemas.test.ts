import { describe, expect, it } from 'vitest';
import type { KafkaMessage } from '@/lib/contracts/kafka-messages';
import { toJsonLines } from './export-jsonl';

const avroBytes = Buffer.from([0, 0, 0, 0, 100, 6, 112, 45, 49]).toString('base64');
const msg = (value: KafkaMessage['value']): KafkaMessage => ({
  partition: 0,
  offset: 1,
  timestamp: 1,
  timestampType: 'create',
  key: { encoding: 'null', display: null, base64: null, size: 0, truncated: false },
  value,
  headers: [],
  size: 9,
});

describe('export of schema-decoded messages', () => {
  it('writes the decoded JSON beside the exact bytes, and why a value did not fit its schema', () => {
    const schema = { format: 'avro' as const, id: 100, name: 'wharf.test.Payment' };
    const [decoded, mismatch] = toJsonLines([
      msg({ encoding: 'json', display: '{\n  "id": "p-1"\n}', base64: avroBytes, size: 9, truncated: false, schema }),
      msg({ encoding: 'binary', display: '7b 7d', base64: 'e30=', size: 2, truncated: false, schemaError: 'no Confluent header' }),
    ])
      .split('\n')
      .map((l) => JSON.parse(l) as { value: unknown });
    expect(decoded.value).toEqual({ decoded: { id: 'p-1' }, schema, base64: avroBytes });
    expect(mismatch.value).toEqual({ base64: 'e30=', schemaError: 'no Confluent header' });
  });
});
