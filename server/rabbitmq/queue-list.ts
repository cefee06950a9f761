import 'server-only';
import type { z } from 'zod';
import type { QueueList, QueueSort, queueListQuerySchema } from '@/lib/contracts/rabbitmq';
import { describeBrokerError } from '../connections/broker-error';
import { BadRequestError } from '../http/errors';
import { logger } from '../logger';
import { named, vhostPrefix } from './browse';
import type { RabbitmqConnector } from './connector';
import { toQueue } from './mappers';
import { mgmtQueuePageSchema, type MgmtQueue } from './schemas';

const SORT_FIELDS: Record<QueueSort, string> = {
  name: 'name',
  vhost: 'vhost',
  type: 'type',
  state: 'state',
  ready: 'messages_ready',
  unacked: 'messages_unacknowledged',
  total: 'messages',
  consumers: 'consumers',
  consumerUtilisation: 'consumer_utilisation',
  publishRate: 'message_stats.publish_details.rate',
  deliverRate: 'message_stats.deliver_get_details.rate',
  ackRate: 'message_stats.ack_details.rate',
  node: 'node',
};

/** Keys the broker can sort on without per-queue statistics (disable_stats keeps names, state and message totals). */
const CHEAP_SORTS = new Set<QueueSort>(['name', 'vhost', 'type', 'state', 'ready', 'unacked', 'total', 'node']);

const BASE_COLUMNS = 'name,vhost,type,state,durable,auto_delete,exclusive,policy,node,leader,arguments,messages,messages_ready,messages_unacknowledged';
const STAT_COLUMNS = 'consumers,consumer_utilisation,message_stats.publish_details.rate,message_stats.deliver_get_details.rate,message_stats.ack_details.rate';

/**
 * The broker filters and sorts every queue to cut one page: with 10,000 queues on a busy node that takes seconds,
 * so the page gets more time than other calls (a broker that is down still fails at once: refused).
 */
const QUEUE_PAGE_TIMEOUT_MS = 12_000;
/** Cowboy refuses request lines over 8,000 bytes: the stats lookup for a page is split below that. */
const MAX_STATS_QUERY_CHARS = 3500;

/** Regexes run inside the broker (Erlang re): refuse what JS cannot compile either, and back-references. */
export function checkNamePattern(pattern: string): void {
  try {
    new RegExp(pattern);
  } catch (e) {
    throw new BadRequestError(`Invalid regex: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
  if (/\\[1-9]/.test(pattern)) throw new BadRequestError('Invalid regex: back-references are not allowed');
}

const escapeRegex = (s: string) => s.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');

type Query = z.infer<typeof queueListQuerySchema>;

function pageParams(q: Query, page: number, cheap: boolean): URLSearchParams {
  const params = new URLSearchParams({
    page: String(page),
    page_size: String(q.pageSize),
    sort: SORT_FIELDS[q.sort],
    sort_reverse: String(q.order === 'desc'),
    columns: cheap ? BASE_COLUMNS : `${BASE_COLUMNS},${STAT_COLUMNS}`,
  });
  // Without per-queue statistics the broker sorts 10,000 queues several times faster; the page's own statistics
  // are fetched afterwards for its few queues only.
  if (cheap) {
    params.set('disable_stats', 'true');
    params.set('enable_queue_totals', 'true');
  }
  if (q.search) {
    params.set('name', q.search);
    params.set('use_regex', String(q.regex === 'true'));
  }
  return params;
}

/** Consumers, utilisation and rates of the given queues: an exact-name regex without sort, so only they are augmented. */
async function statsOf(c: RabbitmqConnector, vhost: string | undefined, names: string[]): Promise<Map<string, MgmtQueue>> {
  const groups: string[][] = [[]];
  let length = 0;
  for (const n of [...new Set(names)]) {
    const piece = encodeURIComponent(escapeRegex(n)).length + 3;
    if (length + piece > MAX_STATS_QUERY_CHARS && groups[groups.length - 1].length > 0) {
      groups.push([]);
      length = 0;
    }
    groups[groups.length - 1].push(n);
    length += piece;
  }
  const pages = await Promise.all(
    groups
      .filter((g) => g.length > 0)
      .map((g) => {
        const params = new URLSearchParams({ page: '1', page_size: '500', name: `^(?:${g.map(escapeRegex).join('|')})$`, use_regex: 'true', columns: `name,vhost,${STAT_COLUMNS}` });
        return c.management.get(`${vhostPrefix('queues', vhost)}?${params}`, mgmtQueuePageSchema, QUEUE_PAGE_TIMEOUT_MS);
      }),
  );
  const out = new Map<string, MgmtQueue>();
  for (const p of pages) for (const item of p.items) out.set(`${item.vhost}\u0000${item.name}`, item);
  return out;
}

/** One page of queues, filtered, sorted and cut by the management API itself (its page/sort/name/columns). */
export async function listQueues(c: RabbitmqConnector, q: Query): Promise<QueueList> {
  if (q.search && q.regex === 'true') checkNamePattern(q.search);
  const cheap = CHEAP_SORTS.has(q.sort);
  const fetchPage = (page: number) => named(`vhost "${q.vhost}"`, c.management.get(`${vhostPrefix('queues', q.vhost)}?${pageParams(q, page, cheap)}`, mgmtQueuePageSchema, QUEUE_PAGE_TIMEOUT_MS));
  let result;
  try {
    result = await fetchPage(q.page);
  } catch (e) {
    // The broker refuses a page past the end (e.g. after queues were deleted): show the first page instead.
    if (!(e instanceof BadRequestError) || q.page === 1) throw e;
    result = await fetchPage(1);
  }
  let items = result.items;
  if (cheap && items.length > 0) {
    // Statistics that do not come in time leave consumers and rates unknown; the page itself is still right.
    const stats = await statsOf(
      c,
      q.vhost,
      items.map((i) => i.name),
    ).catch((err: unknown) => {
      logger.warn({ connection: c.config.id, err: describeBrokerError(err) }, 'queue statistics for a list page failed');
      return new Map<string, MgmtQueue>();
    });
    items = items.map((i) => ({ ...i, ...stats.get(`${i.vhost}\u0000${i.name}`) }));
  }
  return {
    queues: items.map(toQueue),
    page: result.page,
    pageSize: result.page_size,
    pageCount: result.page_count,
    filteredCount: result.filtered_count,
    totalCount: result.total_count,
  };
}
