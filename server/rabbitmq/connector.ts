import 'server-only';
import type { RabbitmqConnectionConfig } from '../config/schema';
import type { Connector, ProbeResult } from '../connections/types';
import { AmqpConnection } from './amqp';
import { ManagementClient } from './management-client';
import { overviewSchema, vhostListSchema } from './schemas';

export class RabbitmqConnector implements Connector {
  readonly management: ManagementClient;
  readonly amqp: AmqpConnection;
  readonly target: string;
  readonly capabilities;

  constructor(readonly config: RabbitmqConnectionConfig) {
    this.management = new ManagementClient({
      connectionId: config.id,
      baseUrl: config.managementUrl,
      username: config.username,
      password: config.password,
    });
    this.amqp = new AmqpConnection(config);
    this.target = new URL(config.managementUrl).origin;
    this.capabilities = { topics: false, consumerGroups: false, queues: true, exchanges: true, mutations: !config.readOnly, administration: !config.readOnly, messageContents: true, jobs: true };
  }

  async probe(): Promise<ProbeResult> {
    // An open connection proves nothing about a broker that hangs: a channel opened and closed in time does.
    const amqpProblem = this.amqp.openChannel(false).then(
      (ch) => {
        void ch.close().catch(() => undefined);
        return null;
      },
      (e: unknown) => (e instanceof Error ? e.message : 'AMQP unreachable'),
    );
    let overview, vhosts;
    try {
      [overview, vhosts] = await Promise.all([
        this.management.get('overview', overviewSchema),
        this.management.get('vhosts?columns=name', vhostListSchema),
      ]);
    } catch (e) {
      // With AMQP still up, publishing and reading work; only listing is lost.
      if ((await amqpProblem) === null) {
        return { version: null, counts: null, degraded: `${(e as Error).message}; AMQP is up` };
      }
      throw e;
    }
    const amqp = await amqpProblem;
    // The management API omits queue totals when there are no queues: then there are truly no messages.
    const noQueues = overview.object_totals?.queues === 0;
    return {
      version: overview.rabbitmq_version ?? null,
      degraded: amqp ?? undefined,
      counts: {
        kind: 'rabbitmq',
        vhosts: vhosts.length,
        exchanges: overview.object_totals?.exchanges ?? null,
        queues: overview.object_totals?.queues ?? null,
        messagesReady: overview.queue_totals?.messages_ready ?? (noQueues ? 0 : null),
        messagesUnacked: overview.queue_totals?.messages_unacknowledged ?? (noQueues ? 0 : null),
      },
    };
  }

  async close(): Promise<void> {
    await this.amqp.close();
  }
}
