import { describe, expect, it } from 'vitest';
import { checksFor, toDeprecatedFeature, toFeatureFlag, toNodeHealth } from './nodes';
import { mgmtDeprecatedFeatureListSchema, mgmtFeatureFlagListSchema, mgmtNodeSchema } from './node-schemas';

/** Recorded from RabbitMQ 3.10.8 (GET /api/nodes?columns=..., applications cut to two). */
const recorded310Node = {
  partitions: [],
  fd_total: 1024,
  sockets_total: 832,
  mem_limit: 10110463180,
  mem_alarm: false,
  disk_free_limit: 50000000,
  disk_free_alarm: false,
  proc_total: 1048576,
  uptime: 445799,
  run_queue: 1,
  processors: 2,
  applications: [
    { name: 'rabbit', description: 'RabbitMQ', version: '3.10.8' },
    { name: 'rabbitmq_management', description: 'RabbitMQ Management Console', version: '3.10.8' },
  ],
  net_ticktime: 60,
  enabled_plugins: ['rabbitmq_shovel', 'rabbitmq_federation', 'rabbitmq_management', 'rabbitmq_prometheus'],
  mem_calculation_strategy: 'rss',
  name: 'rabbit@localhost',
  type: 'disc',
  running: true,
  mem_used: 141975552,
  fd_used: 38,
  sockets_used: 0,
  proc_used: 407,
  disk_free: 83344773120,
};

/** Recorded from RabbitMQ 3.10.8 (GET /api/feature-flags, 2 of 9). */
const recorded310Flags = [
  { name: 'classic_mirrored_queue_version', desc: 'Support setting version for classic mirrored queues', doc_url: '', state: 'enabled', stability: 'stable', provided_by: 'rabbit' },
  { name: 'drop_unroutable_metric', desc: 'Count unroutable publishes to be dropped in stats', doc_url: '', state: 'disabled', stability: 'stable', provided_by: 'rabbitmq_management_agent' },
];

/**
 * GET /api/deprecated-features/used of 3.13+ is not served by this machine's 3.10.8: this one is shaped after the
 * RabbitMQ team's HTTP API client (rabbitmq-http-api-rs `DeprecatedFeature`: name, desc, deprecation_phase, doc_url,
 * provided_by), not recorded.
 */
const shaped4xDeprecated = [
  { name: 'transient_nonexcl_queues', desc: 'Transient non-exclusive queues', deprecation_phase: 'permitted_by_default', doc_url: 'https://www.rabbitmq.com/docs/queues#transient-nonexcl-queues', provided_by: 'rabbit' },
];

describe('node health over recorded answers', () => {
  it('maps a 3.10.8 node: limits, alarms, usage, plugins sorted', () => {
    const n = toNodeHealth(mgmtNodeSchema.parse(recorded310Node));
    expect(n).toMatchObject({
      name: 'rabbit@localhost',
      type: 'disc',
      running: true,
      version: '3.10.8',
      memory: { used: 141975552, limit: 10110463180, alarm: false, strategy: 'rss' },
      disk: { free: 83344773120, limit: 50000000, alarm: false },
      fileDescriptors: { used: 38, total: 1024 },
      sockets: { used: 0, total: 832 },
      processes: { used: 407, total: 1048576 },
      partitions: [],
      netTicktimeSeconds: 60,
    });
    expect(n.plugins).toEqual(['rabbitmq_federation', 'rabbitmq_management', 'rabbitmq_prometheus', 'rabbitmq_shovel']);
  });

  it('a node answer without figures (a stopped node of a cluster) is unknown, not zero', () => {
    const n = toNodeHealth(mgmtNodeSchema.parse({ name: 'rabbit@b', running: false }));
    expect(n).toMatchObject({ running: false, memory: { used: null, limit: null, alarm: null }, sockets: { used: null, total: null }, partitions: [], plugins: [] });
  });

  it('maps feature flags, an empty doc_url as none', () => {
    expect(mgmtFeatureFlagListSchema.parse(recorded310Flags).map(toFeatureFlag)[1]).toEqual({
      name: 'drop_unroutable_metric',
      description: 'Count unroutable publishes to be dropped in stats',
      state: 'disabled',
      stability: 'stable',
      providedBy: 'rabbitmq_management_agent',
      docUrl: null,
    });
  });

  it('maps deprecated features in use (3.13+ shape)', () => {
    expect(mgmtDeprecatedFeatureListSchema.parse(shaped4xDeprecated).map(toDeprecatedFeature)).toEqual([
      { name: 'transient_nonexcl_queues', description: 'Transient non-exclusive queues', phase: 'permitted_by_default', providedBy: 'rabbit', docUrl: 'https://www.rabbitmq.com/docs/queues#transient-nonexcl-queues' },
    ]);
  });
});

describe('health checks by release', () => {
  const ids = (v: string | null) => checksFor(v, 5672).map((c) => c.id);
  const unsupported = (v: string | null) => Object.fromEntries(checksFor(v, 5672).filter((c) => c.unsupported).map((c) => [c.id, c.unsupported]));

  it('3.10: mirror sync is checked; the 3.13 and 4.1.1 checks are named but not run', () => {
    expect(ids('3.10.8')).toContain('mirror-sync-critical');
    expect(ids('3.10.8')).toContain('port-listener');
    expect(unsupported('3.10.8')).toEqual({
      'is-in-service': 'needs RabbitMQ 3.13.0 or later (this broker runs 3.10.8)',
      'below-connection-limit': 'needs RabbitMQ 4.1.1 or later (this broker runs 3.10.8)',
      'ready-to-serve-clients': 'needs RabbitMQ 4.1.1 or later (this broker runs 3.10.8)',
    });
  });

  it('4.0 removed classic mirroring: no mirror sync check; 4.1.0 still lacks the connection-limit checks, 4.1.1 has them', () => {
    expect(ids('4.0.5')).not.toContain('mirror-sync-critical');
    expect(Object.keys(unsupported('4.1.0'))).toEqual(['below-connection-limit', 'ready-to-serve-clients']);
    expect(unsupported('4.1.1')).toEqual({});
  });

  it('an unknown version gets every check tried; no AMQP listener, no port check', () => {
    expect(unsupported(null)).toEqual({});
    expect(ids(null)).toContain('mirror-sync-critical');
    expect(checksFor('3.10.8', null).map((c) => c.id)).not.toContain('port-listener');
  });
});
