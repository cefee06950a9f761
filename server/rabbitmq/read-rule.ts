import 'server-only';
import type { DeliveryRule, ReadCost } from '@/lib/contracts/rabbitmq';
import { NotFoundError, TimeoutError } from '../http/errors';
import { logger } from '../logger';
import type { RabbitmqConnector } from './connector';
import { deliveryRuleOf } from './delivery-limit';
import { mgmtPath } from './management-client';
import { lastReadOf, memoFor, removedCount } from './peek-memo';
import { mgmtQueueWithTotalsSchema, overviewSchema, type MgmtQueueWithTotals } from './schemas';

/** A broker's version changes only with an upgrade: ask again after this long, not on every read. */
const VERSION_TTL_MS = 60_000;
const KEY = Symbol.for('wharf.rabbitmq.versions');
const versions = ((globalThis as Record<symbol, Map<string, { version: string; at: number }> | undefined>)[KEY] ??= new Map());

/** The server's rabbitmq_version (GET /api/overview), or null when the management API cannot tell. */
export async function brokerVersion(c: RabbitmqConnector): Promise<string | null> {
  const cached = versions.get(c.config.id);
  if (cached && Date.now() - cached.at < VERSION_TTL_MS) return cached.version;
  try {
    const o = await c.management.get('overview?columns=rabbitmq_version', overviewSchema);
    if (!o.rabbitmq_version) return null;
    versions.set(c.config.id, { version: o.rabbitmq_version, at: Date.now() });
    return o.rabbitmq_version;
  } catch (e) {
    logger.debug({ connection: c.config.id, err: (e as Error).message }, 'RabbitMQ version unknown');
    return null;
  }
}

const FACT_COLUMNS = 'name,vhost,type,arguments,policy,operator_policy,effective_policy_definition,messages,message_stats';

export type QueueReadFacts = { queue: MgmtQueueWithTotals | null; version: string | null; rule: DeliveryRule };

/**
 * What Wharf must know before a destructive read: the queue's type and delivery limit (arguments and effective
 * policy) and the server's version. A queue that does not exist is a 404; a management API that does not answer
 * leaves the queue unknown, and the rule then treats a read as one that could reach a limit.
 */
export async function queueReadFacts(c: RabbitmqConnector, vhost: string, name: string): Promise<QueueReadFacts> {
  const [queue, version] = await Promise.all([
    c.management.get(`queues/${mgmtPath(vhost, name)}?columns=${FACT_COLUMNS}`, mgmtQueueWithTotalsSchema).catch((e: unknown) => {
      if (e instanceof NotFoundError) throw new NotFoundError(`queue "${name}" in vhost "${vhost}" not found`);
      // No answer at all is a broker that hangs (its AMQP too, as a rule), not a management API that is off: the read
      // would wait as long again on AMQP, and a 409 asking to confirm it would be wrong. A 503: try again later.
      if (e instanceof TimeoutError) throw e;
      logger.debug({ connection: c.config.id, err: (e as Error).message }, 'queue facts unknown');
      return null;
    }),
    brokerVersion(c),
  ]);
  return { queue, version, rule: deliveryRuleOf(version, queue, c.config.readOnly) };
}

/** The read cost shown with a queue's details, from the queue object already fetched. */
export async function readCostOf(c: RabbitmqConnector, vhost: string, q: MgmtQueueWithTotals): Promise<ReadCost> {
  const rule = deliveryRuleOf(await brokerVersion(c), q, c.config.readOnly);
  // Depth from the management API lags behind publishes: only the read itself checks it, against AMQP's count.
  const memo = rule.requeueCounts ? memoFor(c.config.id, vhost, q.name, { removed: removedCount(q), depth: null }) : null;
  return { ...rule, lastRead: lastReadOf(memo, rule.limit) };
}
