import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from './load';

const good = `
server: { host: 127.0.0.1, port: 3100 }
connections:
  - id: prod-kafka
    kind: kafka
    brokers: [kafka-1:9092, kafka-2:9092]
    sasl: { mechanism: scram-sha-512, username: wharf, password: "\${KAFKA_PASSWORD}" }
    tls: true
    readOnly: true
  - id: prod-rabbit
    kind: rabbitmq
    amqpUrl: amqps://rabbit:5671
    managementUrl: https://rabbit:15671
    username: wharf
    password: \${RABBIT_PASSWORD}
`;

describe('parseConfig', () => {
  it('parses a good file with ${ENV} secrets and defaults', () => {
    const c = parseConfig(good, 'wharf.config.yaml', { KAFKA_PASSWORD: 'k-secret', RABBIT_PASSWORD: 'r-secret' });
    expect(c.server).toEqual({ host: '127.0.0.1', port: 3100 });
    expect(c.dataDir).toBe('.data/wharf');
    const [kafka, rabbit] = c.connections;
    expect(kafka).toMatchObject({ kind: 'kafka', clientId: 'wharf', readOnly: true, sampleIntervalMs: 5000, sasl: { password: 'k-secret' } });
    expect(rabbit).toMatchObject({ kind: 'rabbitmq', password: 'r-secret', readOnly: false });
  });

  it('names the file, key path and problem', () => {
    const bad = good.replace('brokers: [kafka-1:9092, kafka-2:9092]', 'brokers: [kafka-1]');
    expect(() => parseConfig(bad, '/etc/wharf.yaml', { KAFKA_PASSWORD: 'x', RABBIT_PASSWORD: 'y' })).toThrow(
      /Invalid Wharf config \/etc\/wharf\.yaml:\n {2}connections\[0\]\.brokers\[0\]: must be host:port/,
    );
  });

  it('reports a missing environment variable by name and place', () => {
    expect(() => parseConfig(good, 'w.yaml', { KAFKA_PASSWORD: 'x' })).toThrow(/connections\[1\]\.password: environment variable RABBIT_PASSWORD is not set/);
  });

  it('reports YAML syntax errors with the line', () => {
    expect(() => parseConfig('connections: [\n  - id: x\n', 'w.yaml')).toThrow(/w\.yaml: not valid YAML at line \d/);
  });

  it('rejects unknown keys, unknown kinds, duplicate ids and bad URLs', () => {
    const one = (extra: string) => `connections:\n  - { id: a, kind: kafka, brokers: ['h:1'] ${extra} }\n`;
    expect(() => parseConfig(one(', colour: red'), 'w.yaml')).toThrow(/connections\[0\]: Unrecognized key: "colour"/);
    expect(() => parseConfig('connections:\n  - { id: a, kind: nats }\n', 'w.yaml')).toThrow(/connections\[0\]\.kind/);
    expect(() => parseConfig(`${one('')}  - { id: a, kind: kafka, brokers: ['h:2'] }\n`, 'w.yaml')).toThrow(/connections\[1\]\.id: duplicate id "a"/);
    expect(() =>
      parseConfig('connections:\n  - { id: r, kind: rabbitmq, amqpUrl: "http://x", managementUrl: "http://x:15672" }\n', 'w.yaml'),
    ).toThrow(/connections\[0\]\.amqpUrl: must be an amqp/);
    expect(() => parseConfig('connections: []\n', 'w.yaml')).toThrow(/connections:/);
    expect(() => parseConfig('- just a list\n', 'w.yaml')).toThrow(ConfigError);
  });
});

describe('loadConfig', () => {
  it('uses the local brokers when there is no config file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wharf-cfg-'));
    const c = loadConfig({}, dir);
    expect(c.source).toMatch(/built-in defaults/);
    expect(c.connections.map((x) => x.id)).toEqual(['local-kafka', 'local-rabbitmq']);
  });

  it('reads WHARF_CONFIG and fails clearly when it does not exist', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wharf-cfg-'));
    writeFileSync(path.join(dir, 'custom.yaml'), "connections:\n  - { id: k, kind: kafka, brokers: ['h:9092'] }\n");
    expect(loadConfig({ WHARF_CONFIG: 'custom.yaml' }, dir).connections[0].id).toBe('k');
    expect(() => loadConfig({ WHARF_CONFIG: 'missing.yaml' }, dir)).toThrow(/missing\.yaml \(from WHARF_CONFIG\) does not exist/);
  });
});
