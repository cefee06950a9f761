import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { consumerGroupDescribeV0, FindCoordinatorKeyTypes, type Admin } from '@platformatic/kafka';
import { BOOTSTRAP, kafkaToolArgs } from '../support/kafka';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

/**
 * Kafka's own Java consumer (kafka-console-consumer from the jars scripts/kafka.sh runs: 4.4's, or 3.9.1's under
 * KAFKA_VERSION) as a group member: `group.protocol=consumer` is a KIP-848 member, `classic` a JoinGroup one. It reads
 * the topic from the beginning and commits every 200 ms; stop() ends it the way an operator does (SIGTERM: the
 * consumer closes, commits and leaves the group at once).
 */
export type JavaConsumer = { groupId: string; topic: string; clientId: string; protocol: GroupProtocol; stop(): Promise<void>; stderr(): string };
export type GroupProtocol = 'classic' | 'consumer';

/** Does the broker under test run KIP-848 groups? Kafka 4 does; 3.9 only with a preview flag the test node lacks. */
export const KIP848 = !(process.env.WHARF_TEST_KAFKA_VERSION ?? '4.4').startsWith('3.');

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * One of Kafka's Java tools (scripts/kafka.sh class <main> --bootstrap-server BOOTSTRAP ...) as a child process in
 * a process group of its own, so stop() reaches the JVM behind the script's bash: SIGTERM, then (after 30 s) SIGKILL,
 * resolving once every process of the group is gone.
 */
export function spawnKafkaTool(mainClass: string, args: string[]): { stop(): Promise<void>; stderr(): string } {
  const child: ChildProcess = spawn('bash', [path.join(ROOT, 'scripts/kafka.sh'), 'class', mainClass, '--bootstrap-server', BOOTSTRAP, ...args], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const pgid = child.pid!;
  return {
    stderr: () => stderr,
    async stop() {
      if (!groupAlive(pgid)) return;
      process.kill(-pgid, 'SIGTERM');
      const killed = setTimeout(() => {
        if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
      }, 30_000);
      // bash dies at once; the JVM takes a moment to close its client (a consumer commits and leaves its group).
      while (groupAlive(pgid)) await new Promise((r) => setTimeout(r, 100));
      clearTimeout(killed);
    },
  };
}

export function startJavaConsumer(o: { topic: string; groupId: string; protocol: GroupProtocol; clientId?: string }): JavaConsumer {
  const clientId = o.clientId ?? `wharf-java-${o.protocol}`;
  const tool = spawnKafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
    '--topic',
    o.topic,
    '--group',
    o.groupId,
    '--from-beginning',
    '--consumer-property',
    `group.protocol=${o.protocol}`,
    '--consumer-property',
    `client.id=${clientId}`,
    '--consumer-property',
    'auto.commit.interval.ms=200',
  ]);
  return { groupId: o.groupId, topic: o.topic, clientId, protocol: o.protocol, stop: () => tool.stop(), stderr: () => tool.stderr() };
}

export type MemberView = { memberId: string; clientId: string; clientHost: string; partitions: Array<{ topic: string; partition: number }> };
export type GroupView = { state: string; members: MemberView[] } | null;

/** The group as the broker describes it: ConsumerGroupDescribe for a KIP-848 group, DescribeGroups for a classic one. */
export async function brokerView(admin: Admin, groupId: string, protocol: GroupProtocol): Promise<GroupView> {
  if (protocol === 'classic') {
    const g = (await admin.describeGroups({ groups: [groupId] })).get(groupId);
    if (!g || /^dead$/i.test(String(g.state))) return null;
    return {
      state: String(g.state),
      members: [...g.members.values()].map((m) => ({
        memberId: m.id,
        clientId: m.clientId,
        clientHost: m.clientHost.replace(/^\//, ''),
        partitions: [...(m.assignments?.values() ?? [])].flatMap((a) => a.partitions.map((partition) => ({ topic: a.topic, partition }))),
      })),
    };
  }
  const [coordinator] = await admin.findCoordinator({ keyType: FindCoordinatorKeyTypes.GROUP, keys: [groupId] });
  const connections = await admin.connectToBrokers([coordinator.nodeId]);
  const answer = await consumerGroupDescribeV0.api.async(connections.get(coordinator.nodeId)!, [groupId], false).catch((e: { response?: Awaited<ReturnType<typeof consumerGroupDescribeV0.api.async>> }) => {
    if (e.response) return e.response;
    throw e;
  });
  const g = answer.groups[0];
  if (!g || g.errorCode) return null;
  return {
    state: g.groupState,
    members: g.members.map((m) => ({
      memberId: m.memberId,
      clientId: m.clientId,
      clientHost: m.clientHost.replace(/^\//, ''),
      partitions: m.assignment.topicPartitions.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topicName, partition }))),
    })),
  };
}

/** Resolves once the group is Stable with `members` members holding `partitions` partitions between them. */
export async function waitForGroup(admin: Admin, groupId: string, protocol: GroupProtocol, want: { members: number; partitions: number }, timeoutMs = 90_000): Promise<GroupView> {
  const until = Date.now() + timeoutMs;
  let last: GroupView = null;
  while (Date.now() < until) {
    last = await brokerView(admin, groupId, protocol).catch(() => null);
    const held = last?.members.reduce((n, m) => n + m.partitions.length, 0) ?? 0;
    if (last && /^stable$/i.test(last.state) && last.members.length === want.members && held === want.partitions) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`group ${groupId} did not settle within ${timeoutMs} ms: ${JSON.stringify(last)}`);
}

/** Splits the rows of one of kafka-consumer-groups' tables into objects keyed by the header's words. */
function table(stdout: string, groupId: string): Array<Record<string, string>> {
  const lines = stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  const header = lines.find((l) => l.startsWith('GROUP '));
  if (!header) return [];
  const keys = header.split(/\s+/);
  return lines
    .filter((l) => l !== header && l.split(/\s+/)[0] === groupId)
    .map((l) => Object.fromEntries(l.split(/\s+/).map((v, i) => [keys[i] ?? `col${i}`, v])));
}

/** `kafka-consumer-groups --describe --group G --members --verbose`, one row per member. */
export async function toolMembers(groupId: string): Promise<Array<{ consumerId: string; host: string; clientId: string; partitions: number; assignment: string }>> {
  const { stdout } = await run('bash', kafkaToolArgs('groups', ['--describe', '--group', groupId, '--members', '--verbose']), { timeout: 60_000 });
  return table(stdout, groupId).map((r) => ({
    consumerId: r['CONSUMER-ID'],
    host: r.HOST.replace(/^\//, ''),
    clientId: r['CLIENT-ID'],
    partitions: Number(r['#PARTITIONS']),
    assignment: r['CURRENT-ASSIGNMENT'] ?? r.ASSIGNMENT ?? '',
  }));
}

/** `kafka-consumer-groups --describe --group G --state --verbose`. */
export async function toolState(groupId: string): Promise<{ assignor: string; state: string; members: number; groupEpoch: number | null; assignmentEpoch: number | null } | null> {
  const { stdout } = await run('bash', kafkaToolArgs('groups', ['--describe', '--group', groupId, '--state', '--verbose']), { timeout: 60_000 });
  const [r] = table(stdout, groupId);
  if (!r) return null;
  const epoch = (v: string | undefined) => (v === undefined || v === '-' ? null : Number(v));
  return { assignor: r['ASSIGNMENT-STRATEGY'], state: r.STATE, members: Number(r['#MEMBERS']), groupEpoch: epoch(r['GROUP-EPOCH']), assignmentEpoch: epoch(r['TARGET-ASSIGNMENT-EPOCH']) };
}

/** `kafka-consumer-groups --list --type`: each group's type as Kafka names it (Classic, Consumer), lower-cased. */
export async function toolTypes(): Promise<Map<string, string>> {
  const { stdout } = await run('bash', kafkaToolArgs('groups', ['--list', '--type']), { timeout: 60_000 });
  const rows = stdout.split('\n').map((l) => l.trim().split(/\s+/)).filter((cols) => cols.length >= 2 && cols[0] !== 'GROUP');
  return new Map(rows.map((cols) => [cols[0], cols[1].toLowerCase()]));
}
