import { describe, expect, it } from 'vitest';
import type { NodeHealth } from '@/lib/contracts/rabbitmq-nodes';
import { nodeGauges } from './node-gauges';

const node = (over: Partial<NodeHealth> = {}): NodeHealth => ({
  name: 'rabbit@a',
  type: 'disc',
  running: true,
  uptimeMs: 1000,
  version: '3.10.8',
  memory: { used: 143_884_288, limit: 10_110_463_180, alarm: false, strategy: 'rss' },
  disk: { free: 83_466_858_496, limit: 50_000_000, alarm: false },
  fileDescriptors: { used: 38, total: 1024 },
  sockets: { used: 0, total: 832 },
  processes: { used: 407, total: 1_048_576 },
  runQueue: 1,
  processors: 2,
  partitions: [],
  plugins: [],
  netTicktimeSeconds: 60,
  ...over,
});

const byId = (n: NodeHealth) => Object.fromEntries(nodeGauges(n).map((g) => [g.id, g]));

describe('nodeGauges', () => {
  it('a healthy node is all ok, with the limits in words', () => {
    const g = byId(node());
    expect(Object.values(g).map((x) => x.level)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(g.memory.text).toBe('137 MiB of 9.4 GiB high watermark');
    expect(g.disk.text).toBe('78 GiB free, alarm at 48 MiB');
    expect(g.fds.text).toBe('38 of 1,024');
    expect(g.fds.fraction).toBeCloseTo(38 / 1024);
  });

  it("the broker's alarm flag wins, whatever the share", () => {
    const g = byId(node({ disk: { free: 83_466_858_496, limit: 90_000_000_000, alarm: true }, memory: { used: 10, limit: 100, alarm: true, strategy: 'rss' } }));
    expect(g.disk).toMatchObject({ level: 'alarm', fraction: 1 });
    expect(g.memory).toMatchObject({ level: 'alarm', fraction: 0.1 });
  });

  it('warns from 80% of a limit, and counts resources without an alarm as critical from 95%', () => {
    const g = byId(node({ memory: { used: 85, limit: 100, alarm: false, strategy: 'rss' }, fileDescriptors: { used: 990, total: 1024 }, sockets: { used: 700, total: 832 } }));
    expect(g.memory.level).toBe('warn');
    expect(g.fds.level).toBe('alarm');
    expect(g.sockets.level).toBe('warn');
  });

  it('unknown figures stay unknown, never a zero bar', () => {
    const g = byId(node({ memory: { used: null, limit: null, alarm: null, strategy: null }, disk: { free: null, limit: null, alarm: null }, sockets: { used: null, total: null } }));
    expect(g.memory).toMatchObject({ level: 'unknown', fraction: null, text: 'unknown of unknown high watermark' });
    expect(g.disk).toMatchObject({ level: 'unknown', fraction: null });
    expect(g.sockets).toMatchObject({ level: 'unknown', fraction: null, text: 'unknown of unknown' });
  });
});
