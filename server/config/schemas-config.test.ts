import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from './load';

const config = (schemas: string) => `
connections:
  - id: k
    kind: kafka
    brokers: ['h:9092']
    schemas:
${schemas}
`;

describe('schemas config', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wharf-schemas-'));
  writeFileSync(path.join(dir, 'a.avsc'), '"string"');
  writeFileSync(path.join(dir, 'b.proto'), 'syntax = "proto3"; message B { string x = 1; }');
  const file = path.join(dir, 'wharf.yaml');

  it('resolves schema files next to the config file, detect defaulting to confluent then local', () => {
    const c = parseConfig(config(`      - { topic: 'orders-.*', value: { format: avro, file: a.avsc, id: 3 } }`), file, {});
    const kafka = c.connections[0];
    if (kafka.kind !== 'kafka') throw new Error('expected kafka');
    expect(kafka.schemas).toEqual([{ topic: 'orders-.*', value: { format: 'avro', file: path.join(dir, 'a.avsc'), id: 3 }, detect: ['confluent', 'local'] }]);
  });

  it('names a missing file, a bad pattern, an entry without schemas, one id for two schemas', () => {
    expect(() => parseConfig(config(`      - { topic: t, value: { format: avro, file: nope.avsc } }`), file, {})).toThrow(/schemas\[0\]\.value\.file: .*nope\.avsc does not exist/);
    expect(() => parseConfig(config(`      - { topic: '(', value: { format: avro, file: a.avsc } }`), file, {})).toThrow(/schemas\[0\]\.topic: must be a valid regular expression/);
    expect(() => parseConfig(config(`      - { topic: t }`), file, {})).toThrow(/needs a key or a value schema/);
    expect(() =>
      parseConfig(config(`      - { topic: t, key: { format: avro, file: a.avsc, id: 1 }, value: { format: protobuf, file: b.proto, id: 1 } }`), file, {}),
    ).toThrow(/schema id 1 is given to two different schemas/);
    expect(() => parseConfig(config(`      - { topic: t, value: { format: avro, file: a.avsc, messageType: X } }`), file, {})).toThrow(/messageType: only for format protobuf/);
    expect(() => parseConfig(config(`      - { topic: t, value: { format: xml, file: a.avsc } }`), file, {})).toThrow(/value\.format/);
    expect(() => parseConfig(config(`      - { topic: t, detect: [local, local], value: { format: avro, file: a.avsc } }`), file, {})).toThrow(/lists a method twice/);
  });
});
