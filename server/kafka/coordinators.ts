import 'server-only';
import { findCoordinatorV4, findCoordinatorV5, findCoordinatorV6 } from '@platformatic/kafka';
import { verdictForCode, type BrokerVerdict } from './admin-errors';
import { despiteErrors } from './cluster';
import type { KafkaConnector } from './connector';

/** FindCoordinator key types: group (consumer and share groups alike) and transactional id. */
export const GROUP_COORDINATOR = 0;
export const TRANSACTION_COORDINATOR = 1;

/** Keys per FindCoordinator request (v4+ batches them). */
const BATCH = 500;

export type CoordinatorOf = { nodeId: number } | { nodeId: null; verdict: BrokerVerdict };


const FIND_COORDINATOR = [findCoordinatorV6.api, findCoordinatorV5.api, findCoordinatorV4.api];
type FindCoordinatorAnswer = Awaited<ReturnType<typeof findCoordinatorV6.api.async>>;

/**
 * The coordinator of each key (group ids or transactional ids), from any broker. A key the broker cannot place now
 * (its coordinator loading or moving) keeps the broker's verdict instead of failing the other keys.
 */
export async function findCoordinators(connector: KafkaConnector, keyType: number, keys: string[]): Promise<Map<string, CoordinatorOf>> {
  const out = new Map<string, CoordinatorOf>();
  for (let i = 0; i < keys.length; i += BATCH) {
    const chunk = keys.slice(i, i + BATCH);
    const answer: FindCoordinatorAnswer = await despiteErrors(connector.send(null, FIND_COORDINATOR, keyType, chunk));
    for (const c of answer.coordinators) {
      out.set(c.key, c.errorCode === 0 && c.nodeId >= 0 ? { nodeId: c.nodeId } : { nodeId: null, verdict: verdictForCode(c.errorCode || 15, c.errorMessage) });
    }
  }
  return out;
}

/** Keys grouped by their coordinator; keys without one are left out (the caller reports them from `found`). */
export function byCoordinator(found: Map<string, CoordinatorOf>): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const [key, c] of found) {
    if (c.nodeId === null) continue;
    const list = out.get(c.nodeId) ?? [];
    list.push(key);
    out.set(c.nodeId, list);
  }
  return out;
}
