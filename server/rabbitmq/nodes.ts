import 'server-only';
import type { DeprecatedFeature, FeatureFlag, HealthCheck, NodeHealth, NodesReport } from '@/lib/contracts/rabbitmq-nodes';
import { ForbiddenError, NotFoundError } from '../http/errors';
import type { RabbitmqConnector } from './connector';
import {
  mgmtDeprecatedFeatureListSchema,
  mgmtFeatureFlagListSchema,
  mgmtHealthCheckSchema,
  mgmtNodeListSchema,
  mgmtNodeOverviewSchema,
  mgmtNodeSchema,
  type MgmtDeprecatedFeature,
  type MgmtFeatureFlag,
  type MgmtNode,
} from './node-schemas';
import { isAtLeast } from './version';

/** The full node object also carries every *_details rate, exchange types and cluster links: ~10 KiB a node. */
const NODE_COLUMNS = Object.keys(mgmtNodeSchema.shape).join(',');

const orNull = <T>(v: T | undefined): T | null => v ?? null;

export function toNodeHealth(n: MgmtNode): NodeHealth {
  return {
    name: n.name,
    type: orNull(n.type),
    running: orNull(n.running),
    uptimeMs: orNull(n.uptime),
    version: n.applications?.find((a) => a.name === 'rabbit')?.version ?? null,
    memory: { used: orNull(n.mem_used), limit: orNull(n.mem_limit), alarm: orNull(n.mem_alarm), strategy: orNull(n.mem_calculation_strategy) },
    disk: { free: orNull(n.disk_free), limit: orNull(n.disk_free_limit), alarm: orNull(n.disk_free_alarm) },
    fileDescriptors: { used: orNull(n.fd_used), total: orNull(n.fd_total) },
    sockets: { used: orNull(n.sockets_used), total: orNull(n.sockets_total) },
    processes: { used: orNull(n.proc_used), total: orNull(n.proc_total) },
    runQueue: orNull(n.run_queue),
    processors: orNull(n.processors),
    partitions: n.partitions ?? [],
    plugins: [...(n.enabled_plugins ?? [])].sort(),
    netTicktimeSeconds: orNull(n.net_ticktime),
  };
}

export const toFeatureFlag = (f: MgmtFeatureFlag): FeatureFlag => ({
  name: f.name,
  description: f.desc || null,
  state: f.state,
  stability: orNull(f.stability),
  providedBy: orNull(f.provided_by),
  docUrl: f.doc_url || null,
});

export const toDeprecatedFeature = (f: MgmtDeprecatedFeature): DeprecatedFeature => ({
  name: f.name,
  description: f.desc || null,
  phase: f.deprecation_phase,
  providedBy: orNull(f.provided_by),
  docUrl: f.doc_url || null,
});

type CheckDef = Omit<HealthCheck, 'path' | 'passed' | 'reason'> & {
  path: string;
  /** The first release that serves it, and the first that no longer does. */
  since?: [number, number, number];
  until?: [number, number];
};

/** The health checks of the management API, in the order an operator reads them. */
export function healthCheckDefs(amqpPort: number | null): CheckDef[] {
  const defs: CheckDef[] = [
    { id: 'alarms', label: 'Resource alarms', scope: 'cluster', path: 'health/checks/alarms', description: 'No node of the cluster has a memory or disk alarm in effect (an alarm blocks every publisher).' },
    { id: 'local-alarms', label: 'Local alarms', scope: 'node', path: 'health/checks/local-alarms', description: 'This node has no memory or disk alarm in effect.' },
    { id: 'virtual-hosts', label: 'Virtual hosts', scope: 'node', path: 'health/checks/virtual-hosts', description: 'Every virtual host is running on this node.' },
    { id: 'quorum-critical', label: 'Quorum critical', scope: 'node', path: 'health/checks/node-is-quorum-critical', description: 'Stopping this node would not leave a quorum queue or stream without a majority of its replicas.' },
    { id: 'mirror-sync-critical', label: 'Mirror sync critical', scope: 'node', path: 'health/checks/node-is-mirror-sync-critical', until: [4, 0], description: 'Stopping this node would not leave a classic mirrored queue without a synchronised mirror.' },
    { id: 'certificate-expiration', label: 'Certificates', scope: 'node', path: 'health/checks/certificate-expiration/1/months', description: 'No TLS certificate of a listener on this node expires within a month.' },
    { id: 'protocol-listener', label: 'AMQP listener', scope: 'node', path: 'health/checks/protocol-listener/amqp', description: 'This node has a listener for AMQP 0-9-1 up.' },
    { id: 'is-in-service', label: 'In service', scope: 'node', path: 'health/checks/is-in-service', since: [3, 13, 0], description: 'This node is booted, running and not drained for maintenance.' },
    { id: 'below-connection-limit', label: 'Connection limit', scope: 'node', path: 'health/checks/below-node-connection-limit', since: [4, 1, 1], description: 'This node has fewer AMQP connections than its configured maximum.' },
    { id: 'ready-to-serve-clients', label: 'Ready to serve clients', scope: 'node', path: 'health/checks/ready-to-serve-clients', since: [4, 1, 1], description: 'In service, listening for AMQP, and below its connection limit.' },
  ];
  if (amqpPort !== null) {
    defs.splice(6, 0, { id: 'port-listener', label: `Port ${amqpPort}`, scope: 'node', path: `health/checks/port-listener/${amqpPort}`, description: `This node listens on its AMQP port ${amqpPort}.` });
  }
  return defs;
}

/** Which checks this release serves: decided by its version; an unknown version gets every check tried. */
export function checksFor(version: string | null, amqpPort: number | null): Array<CheckDef & { unsupported: string | null }> {
  return healthCheckDefs(amqpPort)
    .filter((d) => !d.until || isAtLeast(version, ...d.until) !== true)
    .map((d) => ({ ...d, unsupported: d.since && isAtLeast(version, ...d.since) === false ? `needs RabbitMQ ${d.since.join('.')} or later (this broker runs ${version})` : null }));
}

async function runCheck(c: RabbitmqConnector, d: ReturnType<typeof checksFor>[number], version: string | null): Promise<HealthCheck> {
  const base = { id: d.id, label: d.label, description: d.description, scope: d.scope, path: `/api/${d.path}` };
  if (d.unsupported) return { ...base, passed: null, reason: d.unsupported };
  try {
    const { passed, body } = await c.management.check(d.path, mgmtHealthCheckSchema);
    const alarms = body.alarms?.map((a) => `${a.resource} on ${a.node}`).join(', ');
    return { ...base, passed, reason: body.reason && alarms ? `${body.reason}: ${alarms}` : (body.reason ?? null) };
  } catch (e) {
    if (e instanceof NotFoundError) return { ...base, passed: null, reason: `not served by ${version ? `RabbitMQ ${version}` : 'this broker'}` };
    if (e instanceof ForbiddenError) return { ...base, passed: null, reason: e.message };
    throw e;
  }
}

/** A part the configured user may not read becomes a note, not a failed page. */
async function unlessForbidden<T>(work: Promise<T>, notes: string[], what: string): Promise<T | null> {
  try {
    return await work;
  } catch (e) {
    if (!(e instanceof ForbiddenError)) throw e;
    notes.push(`${what}: ${e.message}`);
    return null;
  }
}

async function deprecatedInUse(c: RabbitmqConnector, version: string | null, notes: string[]): Promise<DeprecatedFeature[] | null> {
  if (isAtLeast(version, 3, 13) === false) {
    notes.push(`RabbitMQ ${version} does not report deprecated features in use (3.13 and later do).`);
    return null;
  }
  try {
    const used = await unlessForbidden(c.management.get('deprecated-features/used', mgmtDeprecatedFeatureListSchema), notes, 'Deprecated features');
    return used && used.map(toDeprecatedFeature).sort((a, b) => a.name.localeCompare(b.name));
  } catch (e) {
    if (!(e instanceof NotFoundError)) throw e;
    notes.push(`${version ? `RabbitMQ ${version}` : 'This broker'} does not serve /api/deprecated-features/used.`);
    return null;
  }
}

/** Every node's resources and alarms, the health checks, feature flags and deprecated features in use. */
export async function getNodesReport(c: RabbitmqConnector): Promise<NodesReport> {
  const notes: string[] = [];
  const overview = await c.management.get('overview?columns=rabbitmq_version,node,listeners', mgmtNodeOverviewSchema);
  const version = overview.rabbitmq_version ?? null;
  const checkedBy = overview.node ?? null;
  const amqpPort = overview.listeners?.find((l) => l.node === checkedBy && l.protocol === 'amqp')?.port ?? null;
  const [nodes, checks, flags, deprecated] = await Promise.all([
    unlessForbidden(c.management.get(`nodes?columns=${NODE_COLUMNS}`, mgmtNodeListSchema), notes, 'Nodes'),
    Promise.all(checksFor(version, amqpPort).map((d) => runCheck(c, d, version))),
    unlessForbidden(c.management.get('feature-flags', mgmtFeatureFlagListSchema), notes, 'Feature flags'),
    deprecatedInUse(c, version, notes),
  ]);
  return {
    version,
    checkedBy,
    nodes: (nodes ?? []).map(toNodeHealth).sort((a, b) => a.name.localeCompare(b.name)),
    checks,
    featureFlags: flags && flags.map(toFeatureFlag).sort((a, b) => a.name.localeCompare(b.name)),
    deprecatedFeaturesInUse: deprecated,
    notes,
  };
}
