import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodesReport } from '@/lib/contracts/rabbitmq-nodes';
import { call, login, withAuthConfig, type Session } from '@/test/support/auth-harness';
import { eventually } from '@/test/support/cli';

withAuthConfig();

/*
 * Resource alarms for real: the shared RabbitMQ's disk free limit raised above the free space (a disk alarm), then its
 * memory high watermark lowered under what it uses (a memory alarm). Serial: an alarm blocks every publisher.
 */
const NODES = '/api/connections/{id}/rabbitmq/nodes';
const ctl = (...args: string[]) => execFileSync('rabbitmqctl', ['-q', ...args], { encoding: 'utf8' });
const status = () => JSON.parse(execFileSync('rabbitmq-diagnostics', ['-q', 'status', '--formatter', 'json'], { encoding: 'utf8' })) as {
  disk_free_limit: number;
  vm_memory_high_watermark_setting: { relative?: number; absolute?: number };
  alarms: unknown[];
};

describe('RabbitMQ resource alarms on the node health page', () => {
  let viewer: Session;
  let diskLimit = 0;
  let watermark: string[] = [];
  const report = async () => (await (await call(viewer, 'GET', NODES, { id: 'local-rabbitmq' })).json()) as NodesReport;
  const check = (r: NodesReport, id: string) => r.checks.find((c) => c.id === id)!;

  beforeAll(async () => {
    viewer = await login('viewer');
    const s = status();
    diskLimit = s.disk_free_limit;
    const w = s.vm_memory_high_watermark_setting;
    watermark = w.absolute !== undefined ? ['absolute', String(w.absolute)] : [String(w.relative ?? 0.4)];
  });

  afterAll(() => {
    ctl('set_disk_free_limit', String(diskLimit));
    ctl('set_vm_memory_high_watermark', ...watermark);
  });

  it('a disk alarm shows on the node and fails the alarm checks with the broker reason; clearing it passes them again', async () => {
    ctl('set_disk_free_limit', String(10 ** 15));
    const r = await eventually(async () => {
      const x = await report();
      if (!x.nodes[0]?.disk.alarm) throw new Error('no disk alarm yet');
      return x;
    }, 30_000);
    expect(r.nodes[0]!.disk.limit).toBe(10 ** 15);
    expect(r.nodes[0]!.memory.alarm).toBe(false);
    expect(check(r, 'alarms')).toMatchObject({ passed: false });
    expect(check(r, 'alarms').reason).toBe(`There are alarms in effect in the cluster: disk space on ${r.nodes[0]!.name}`);
    expect(check(r, 'local-alarms')).toMatchObject({ passed: false, reason: `There are alarms in effect on the node: disk space on ${r.nodes[0]!.name}` });
    // The other checks still ran and passed: a failed check is an answer, not an error.
    expect(check(r, 'virtual-hosts').passed).toBe(true);
    expect(status().alarms).not.toEqual([]);

    ctl('set_disk_free_limit', String(diskLimit));
    const back = await eventually(async () => {
      const x = await report();
      if (x.nodes[0]?.disk.alarm !== false || !check(x, 'alarms').passed) throw new Error('alarm still on');
      return x;
    }, 30_000);
    expect(check(back, 'local-alarms').passed).toBe(true);
  });

  it('a memory alarm the same way', async () => {
    ctl('set_vm_memory_high_watermark', 'absolute', '1MB');
    const r = await eventually(async () => {
      const x = await report();
      if (!x.nodes[0]?.memory.alarm) throw new Error('no memory alarm yet');
      return x;
    }, 30_000);
    expect(r.nodes[0]!.memory.limit).toBeLessThan(r.nodes[0]!.memory.used!);
    expect(check(r, 'alarms').passed).toBe(false);
    expect(check(r, 'alarms').reason).toBe(`There are alarms in effect in the cluster: memory on ${r.nodes[0]!.name}`);

    ctl('set_vm_memory_high_watermark', ...watermark);
    await eventually(async () => {
      const x = await report();
      if (x.nodes[0]?.memory.alarm !== false || !check(x, 'alarms').passed) throw new Error('alarm still on');
      return x;
    }, 30_000);
  });
});
