import 'server-only';
import {
  describeProducersV0,
  describeTransactionsV0,
  listTransactionsV0,
  listTransactionsV1,
  listTransactionsV2,
} from '@platformatic/kafka';
import { OPEN_TRANSACTION_STATES, type ActiveProducer, type OpenTransaction, type TopicProducers, type TransactionList, type TransactionPartition } from '@/lib/contracts/transactions';
import { getConnectorOf } from '../connections/registry';
import { chunk } from '../util/concurrency';
import { errorForCode, toApiError, verdictForCode, type BrokerVerdict } from './admin-errors';
import { answerOf, clusterMetadata, LATEST, listOffsets, READ_COMMITTED, READ_UNCOMMITTED, tpKey, type OffsetMap, type PartitionRef } from './cluster';
import type { KafkaConnector } from './connector';
import { byCoordinator, findCoordinators, TRANSACTION_COORDINATOR } from './coordinators';

/*
 * Transactions as the brokers see them. Transaction coordinators are spread over the brokers (by the partition of
 * __transaction_state each transactional id hashes to), so ListTransactions goes to every broker and
 * DescribeTransactions to each id's coordinator. What a transaction does to its partitions is the partition
 * leaders' view: DescribeProducers (each producer's open-transaction first offset) and ListOffsets with both
 * isolation levels (high watermark and last stable offset).
 */

type DescribeProducersResponsePartitionProducer = describeProducersV0.DescribeProducersResponsePartitionProducer;
type DescribeTransactionsResponseTransactionState = describeTransactionsV0.DescribeTransactionsResponseTransactionState;
type ListTransactionsResponseTransactionState = listTransactionsV2.ListTransactionsResponseTransactionState;

const LIST_TRANSACTIONS = [listTransactionsV2.api, listTransactionsV1.api, listTransactionsV0.api];
const IDS_PER_REQUEST = 200;
const PARTITIONS_PER_REQUEST = 1000;
const OPEN = new Set<string>(OPEN_TRANSACTION_STATES);

export const isOpenState = (state: string) => OPEN.has(state);

type Listed = { transactions: ListTransactionsResponseTransactionState[]; brokersFailed: number[] };

/** Every transactional id every broker coordinates; brokers that fail are named, unless all of them fail. */
async function listEverywhere(connector: KafkaConnector): Promise<Listed> {
  const meta = await connector.admin.metadata({ topics: [] });
  const nodes = [...meta.brokers.keys()].sort((a, b) => a - b);
  const answers = await Promise.allSettled(nodes.map((n) => connector.send(n, LIST_TRANSACTIONS, [], [], -1n, null)));
  const failed = nodes.filter((_, i) => answers[i].status === 'rejected');
  if (nodes.length && failed.length === nodes.length) throw (answers[0] as PromiseRejectedResult).reason;
  const byId = new Map<string, ListTransactionsResponseTransactionState>();
  for (const a of answers) if (a.status === 'fulfilled') for (const t of a.value.transactionStates) byId.set(t.transactionalId, t);
  return { transactions: [...byId.values()], brokersFailed: failed };
}

type Described = { coordinator: number; state: DescribeTransactionsResponseTransactionState } | { coordinator: number | null; verdict: BrokerVerdict };
type DescribeAnswer = Awaited<ReturnType<typeof describeTransactionsV0.api.async>>;

async function describeAt(connector: KafkaConnector, ids: string[]): Promise<Map<string, Described>> {
  const out = new Map<string, Described>();
  const found = await findCoordinators(connector, TRANSACTION_COORDINATOR, ids);
  for (const [id, c] of found) if (c.nodeId === null) out.set(id, { coordinator: null, verdict: c.verdict });
  const jobs: Promise<void>[] = [];
  for (const [node, keys] of byCoordinator(found)) {
    for (const part of chunk(keys, IDS_PER_REQUEST)) {
      const job = connector.send(node, [describeTransactionsV0.api], part).catch((e: unknown) => {
        // One id's error (moved, gone) fails the answer; the others' states are still in it.
        const partial = answerOf<DescribeAnswer>(e);
        if (!partial) throw e;
        return partial;
      });
      jobs.push(
        job.then((a) => {
          for (const s of a.transactionStates) out.set(s.transactionalId, s.errorCode === 0 ? { coordinator: node, state: s } : { coordinator: node, verdict: verdictForCode(s.errorCode, null) });
        }),
      );
    }
  }
  await Promise.all(jobs);
  return out;
}

type Part = { topic: string; partition: number };
export type PartitionsState = {
  leaders: Map<string, number>;
  hw: OffsetMap;
  lso: OffsetMap;
  /** Active producers per partition; absent when the leader would not say. */
  producers: Map<string, DescribeProducersResponsePartitionProducer[]>;
  errors: Map<string, string>;
};
type ProducersAnswer = Awaited<ReturnType<typeof describeProducersV0.api.async>>;

/** Leaders, watermarks, last stable offsets and active producers of these partitions, asked of their leaders. */
async function partitionsState(connector: KafkaConnector, parts: Part[]): Promise<PartitionsState> {
  const state: PartitionsState = { leaders: new Map(), hw: new Map(), lso: new Map(), producers: new Map(), errors: new Map() };
  if (!parts.length) return state;
  const meta = await clusterMetadata(connector, [...new Set(parts.map((p) => p.topic))]);
  for (const t of meta.topicMetadata) for (const p of t.partitionMetadata) if (p.leader >= 0) state.leaders.set(tpKey(t.topic, p.partitionId), p.leader);
  const refs: PartitionRef[] = parts.map((p) => ({ ...p, leader: state.leaders.get(tpKey(p.topic, p.partition)) ?? -1 }));
  const byLeader = new Map<number, Part[]>();
  for (const r of refs) {
    if (r.leader < 0) state.errors.set(tpKey(r.topic, r.partition), 'no leader');
    else byLeader.set(r.leader, [...(byLeader.get(r.leader) ?? []), r]);
  }
  const describe = [...byLeader].flatMap(([leader, list]) =>
    chunk(list, PARTITIONS_PER_REQUEST).map(async (part) => {
      const topics = new Map<string, number[]>();
      for (const p of part) topics.set(p.topic, [...(topics.get(p.topic) ?? []), p.partition]);
      const request = [...topics].map(([name, partitionIndexes]) => ({ name, partitionIndexes }));
      const answer = await connector.send(leader, [describeProducersV0.api], request).catch((e: unknown) => {
        const partial = answerOf<ProducersAnswer>(e);
        if (!partial) throw e;
        return partial;
      });
      for (const t of answer.topics) {
        for (const p of t.partitions) {
          const key = tpKey(t.name, p.partitionIndex);
          if (p.errorCode === 0) state.producers.set(key, p.activeProducers);
          else state.errors.set(key, verdictForCode(p.errorCode, p.errorMessage).message);
        }
      }
    }),
  );
  const [hw, lso] = await Promise.all([listOffsets(connector, refs, LATEST, READ_UNCOMMITTED), listOffsets(connector, refs, LATEST, READ_COMMITTED), Promise.all(describe)]);
  state.hw = hw;
  state.lso = lso;
  return state;
}

const offsetOrNull = (n: bigint | number) => (n < 0 ? null : Number(n));
const diff = (hw: number | undefined, lso: number | undefined) => (hw === undefined || lso === undefined ? null : Math.max(0, hw - lso));

/** One open transaction's effect on its partitions, and whether it is overdue or stalls read-committed consumers. */
export function toOpenTransaction(s: DescribeTransactionsResponseTransactionState, coordinator: number, ps: PartitionsState, now: number): OpenTransaction {
  const started = Number(s.transactionStartTimeMs);
  const ageMs = started >= 0 ? Math.max(0, now - started) : null;
  const partitions: TransactionPartition[] = s.topics
    .flatMap((t) => t.partitions.map((partition) => ({ topic: t.topic, partition })))
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition)
    .map(({ topic, partition }) => {
      const key = tpKey(topic, partition);
      const hw = ps.hw.get(key);
      const lso = ps.lso.get(key);
      const producers = ps.producers.get(key);
      const mine = producers?.find((p) => p.producerId === s.producerId);
      const txnStartOffset = mine ? offsetOrNull(mine.currentTxnStartOffset) : null;
      // Without the leader's producers or its LSO, whether this transaction holds the partition back is unknown.
      const holdsLso = producers === undefined || lso === undefined ? null : txnStartOffset !== null && lso === txnStartOffset && (hw === undefined || hw > lso);
      return { topic, partition, highWatermark: hw ?? null, lastStableOffset: lso ?? null, unstableMessages: diff(hw, lso), txnStartOffset, holdsLso };
    });
  const held = partitions.filter((p) => p.holdsLso);
  const unstable = held.map((p) => p.unstableMessages).filter((n): n is number => n !== null);
  return {
    transactionalId: s.transactionalId,
    producerId: s.producerId.toString(),
    producerEpoch: s.producerEpoch,
    state: s.transactionState,
    startedAt: ageMs === null ? null : new Date(started).toISOString(),
    ageMs,
    timeoutMs: s.transactionTimeoutMs,
    coordinator,
    partitions,
    overdue: ageMs === null ? null : ageMs > s.transactionTimeoutMs,
    stalling: held.length > 0,
    unstableMessages: unstable.length ? unstable.reduce((a, b) => a + b, 0) : null,
    error: null,
  };
}

function failedTransaction(l: ListTransactionsResponseTransactionState, d: Described | undefined): OpenTransaction {
  return {
    transactionalId: l.transactionalId,
    producerId: l.producerId.toString(),
    producerEpoch: -1,
    state: l.transactionState,
    startedAt: null,
    ageMs: null,
    timeoutMs: -1,
    coordinator: d?.coordinator ?? null,
    partitions: [],
    overdue: null,
    stalling: false,
    unstableMessages: null,
    error: d && 'verdict' in d ? d.verdict.message : 'the coordinator did not describe it',
  };
}

export async function listTransactionsOn(connector: KafkaConnector): Promise<TransactionList> {
  try {
    return await connector.run('transactions', async () => {
      const listed = await listEverywhere(connector);
      const states: Record<string, number> = {};
      for (const t of listed.transactions) states[t.transactionState] = (states[t.transactionState] ?? 0) + 1;
      const openListed = listed.transactions.filter((t) => isOpenState(t.transactionState));
      const described = await describeAt(connector, openListed.map((t) => t.transactionalId));
      const parts = new Map<string, Part>();
      for (const d of described.values()) if ('state' in d) for (const t of d.state.topics) for (const partition of t.partitions) parts.set(tpKey(t.topic, partition), { topic: t.topic, partition });
      const ps = await partitionsState(connector, [...parts.values()]);
      const now = Date.now();
      const open: OpenTransaction[] = [];
      for (const l of openListed) {
        const d = described.get(l.transactionalId);
        if (d && 'state' in d) {
          // Listed open but finished by the time it was described: no longer open.
          if (isOpenState(d.state.transactionState)) open.push(toOpenTransaction(d.state, d.coordinator, ps, now));
        } else {
          open.push(failedTransaction(l, d));
        }
      }
      open.sort((a, b) => (b.ageMs ?? -1) - (a.ageMs ?? -1) || a.transactionalId.localeCompare(b.transactionalId));
      return { readAt: new Date(now).toISOString(), states, transactionalIds: listed.transactions.length, open, brokersFailed: listed.brokersFailed };
    });
  } catch (e) {
    throw toApiError(e, `Transactions of "${connector.config.id}"`);
  }
}

export function toActiveProducer(p: DescribeProducersResponsePartitionProducer, byProducer: Map<bigint, ListTransactionsResponseTransactionState>): ActiveProducer {
  const txn = byProducer.get(p.producerId) ?? null;
  const currentTxnStartOffset = offsetOrNull(p.currentTxnStartOffset);
  return {
    producerId: p.producerId.toString(),
    producerEpoch: p.producerEpoch,
    lastSequence: p.lastSequence < 0 ? null : p.lastSequence,
    lastTimestamp: p.lastTimestamp < 0n ? null : new Date(Number(p.lastTimestamp)).toISOString(),
    coordinatorEpoch: p.coordinatorEpoch < 0 ? null : p.coordinatorEpoch,
    currentTxnStartOffset,
    transactionalId: txn?.transactionalId ?? null,
    transactionState: txn?.transactionState ?? null,
    orphaned: currentTxnStartOffset === null ? null : !(txn && isOpenState(txn.transactionState)),
  };
}

export async function getTopicProducersOn(connector: KafkaConnector, topic: string): Promise<TopicProducers> {
  const subject = `Topic "${topic}" on "${connector.config.id}"`;
  try {
    return await connector.run('topic producers', async () => {
      const meta = await clusterMetadata(connector, [topic]);
      const t = meta.topicMetadata.find((x) => x.topic === topic);
      if (!t) throw errorForCode(3, null, subject);
      if (t.topicErrorCode !== 0) throw errorForCode(t.topicErrorCode, null, subject);
      const partitions = t.partitionMetadata.map((p) => p.partitionId).sort((a, b) => a - b);
      const [ps, listed] = await Promise.all([partitionsState(connector, partitions.map((partition) => ({ topic, partition }))), listEverywhere(connector)]);
      const byProducer = new Map(listed.transactions.map((x) => [x.producerId, x]));
      return {
        topic,
        readAt: new Date().toISOString(),
        partitions: partitions.map((partition) => {
          const key = tpKey(topic, partition);
          const hw = ps.hw.get(key);
          const lso = ps.lso.get(key);
          return {
            partition,
            leader: ps.leaders.get(key) ?? null,
            highWatermark: hw ?? null,
            lastStableOffset: lso ?? null,
            unstableMessages: diff(hw, lso),
            producers: (ps.producers.get(key) ?? []).map((p) => toActiveProducer(p, byProducer)).sort((a, b) => a.producerId.localeCompare(b.producerId)),
            error: ps.errors.get(key) ?? null,
          };
        }),
      };
    });
  } catch (e) {
    throw toApiError(e, subject);
  }
}

export const listTransactions = (id: string) => listTransactionsOn(getConnectorOf(id, 'kafka'));
export const getTopicProducers = (id: string, topic: string) => getTopicProducersOn(getConnectorOf(id, 'kafka'), topic);
