import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NodesReport } from '@/lib/contracts/rabbitmq-nodes';
import { call, login, withAuthConfig, type Session } from '@/test/support/auth-harness';
import { getConnectorOf } from '../connections/registry';
import { Sampler } from '../sampler/sampler';

withAuthConfig();

const NODES = '/api/connections/{id}/rabbitmq/nodes';
const id = 'local-rabbitmq';

type Json = Record<string, unknown>;
/** Straight from the node's own tools, not the management API. */
const tool = (cmd: string, ...args: string[]): unknown => JSON.parse(execFileSync(cmd, ['-q', ...args, '--formatter', 'json'], { encoding: 'utf8' }));

describe('RabbitMQ node health against the real broker and its own tools', () => {
  let viewer: Session;
  let report: NodesReport;
  let status: Json;

  beforeAll(async () => {
    viewer = await login('viewer');
    const res = await call(viewer, 'GET', NODES, { id });
    expect(res.status).toBe(200);
    report = (await res.json()) as NodesReport;
    status = tool('rabbitmq-diagnostics', 'status') as Json;
  });

  it('lists the nodes rabbitmqctl cluster_status lists, with the version and limits rabbitmq-diagnostics status reports', () => {
    const cluster = tool('rabbitmqctl', 'cluster_status') as { running_nodes: string[]; disk_nodes: string[] };
    expect(report.nodes.map((n) => n.name)).toEqual([...cluster.running_nodes].sort());
    const n = report.nodes[0]!;
    expect(n).toMatchObject({ running: true, type: cluster.disk_nodes.includes(n.name) ? 'disc' : 'ram', version: status.rabbitmq_version, partitions: [] });
    expect(report.version).toBe(status.rabbitmq_version);
    expect(report.checkedBy).toBe(n.name);
    const fds = status.file_descriptors as { sockets_limit: number; sockets_used: number };
    const procs = status.processes as { limit: number; used: number };
    expect(n.memory).toMatchObject({ limit: status.vm_memory_high_watermark_limit, alarm: false, strategy: status.vm_memory_calculation_strategy });
    expect(n.disk).toMatchObject({ limit: status.disk_free_limit, alarm: false });
    expect(n.sockets.total).toBe(fds.sockets_limit);
    expect(n.processes.total).toBe(procs.limit);
    // Moving figures: the same order of magnitude as the tool's reading a moment later.
    expect(n.processes.used).toBeGreaterThan(procs.used / 2);
    expect(n.processes.used).toBeLessThan(procs.used * 2);
    expect(Math.abs(n.disk.free! - (status.disk_free as number))).toBeLessThan(2 ** 30);
    expect(n.memory.used).toBeGreaterThan(0);
    expect(n.uptimeMs).toBeGreaterThan(0);
    expect(n.fileDescriptors.used).toBeGreaterThan(0);
    expect(n.netTicktimeSeconds).toBe(status.net_ticktime);
  });

  it('names the enabled plugins rabbitmq-plugins lists', () => {
    const enabled = tool('rabbitmq-plugins', 'list', '-e') as { plugins: Array<{ name: string; enabled: string }> };
    expect(report.nodes[0]!.plugins).toEqual(enabled.plugins.filter((p) => p.enabled === 'enabled').map((p) => p.name).sort());
  });

  it('shows every feature flag in the state rabbitmqctl list_feature_flags reports', () => {
    const flags = tool('rabbitmqctl', 'list_feature_flags') as Array<{ name: string; state: string }>;
    expect(report.featureFlags?.map((f) => [f.name, f.state])).toEqual(flags.map((f) => [f.name, f.state]).sort(([a], [b]) => a.localeCompare(b)));
    expect(report.featureFlags?.every((f) => f.stability !== null && f.providedBy !== null)).toBe(true);
  });

  it('runs the health checks of this release; a healthy broker passes them all, as rabbitmq-diagnostics agrees', () => {
    execFileSync('rabbitmq-diagnostics', ['-q', 'check_alarms']);
    execFileSync('rabbitmq-diagnostics', ['-q', 'check_local_alarms']);
    execFileSync('rabbitmq-diagnostics', ['-q', 'check_port_connectivity']);
    const run = report.checks.filter((c) => c.passed !== null);
    expect(run.map((c) => c.id)).toEqual(['alarms', 'local-alarms', 'virtual-hosts', 'quorum-critical', 'mirror-sync-critical', 'certificate-expiration', 'port-listener', 'protocol-listener']);
    expect(run.every((c) => c.passed)).toBe(true);
    expect(report.checks.find((c) => c.id === 'port-listener')?.path).toBe('/api/health/checks/port-listener/5672');
    // A single node is never quorum critical, and the broker says why.
    expect(report.checks.find((c) => c.id === 'quorum-critical')?.reason).toBe('single node cluster');
    expect(report.checks.filter((c) => c.passed === null).map((c) => [c.id, c.reason])).toEqual([
      ['is-in-service', 'needs RabbitMQ 3.13.0 or later (this broker runs 3.10.8)'],
      ['below-connection-limit', 'needs RabbitMQ 4.1.1 or later (this broker runs 3.10.8)'],
      ['ready-to-serve-clients', 'needs RabbitMQ 4.1.1 or later (this broker runs 3.10.8)'],
    ]);
  });

  it('says that 3.10 cannot tell which deprecated features are in use, instead of claiming none', async () => {
    expect(report.deprecatedFeaturesInUse).toBeNull();
    expect(report.notes).toContain('RabbitMQ 3.10.8 does not report deprecated features in use (3.13 and later do).');
    // The broker indeed does not serve it: the note is not a guess.
    const res = await fetch('http://127.0.0.1:15672/api/deprecated-features/used', { headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` } });
    await res.body?.cancel();
    expect(res.status).toBe(404);
  });

  it("the sampler records each node's resources for the charts, the same figures the page shows", async () => {
    const sampler = new Sampler(getConnectorOf(id, 'rabbitmq'), { intervalMs: 60_000, history: null });
    try {
      await sampler.tick();
      const e = sampler.lastTick!.entities.find((x) => x.kind === 'node' && x.id === report.nodes[0]!.name);
      expect(e?.metrics).toMatchObject({ memLimit: report.nodes[0]!.memory.limit, diskFreeLimit: report.nodes[0]!.disk.limit, fdTotal: report.nodes[0]!.fileDescriptors.total });
      expect(e?.metrics.memUsed).toBeGreaterThan(0);
      expect(e?.metrics.procUsed).toBeGreaterThan(0);
    } finally {
      await sampler.stop();
    }
  });
});
