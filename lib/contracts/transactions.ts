import { z } from 'zod';

/*
 * Open transactions (ListTransactions on every broker, DescribeTransactions at each transactional id's coordinator)
 * and the active producers of a topic's partitions (DescribeProducers at each leader). Producer ids are int64: sent
 * as decimal strings. Unknown is null, never 0.
 */

/** Transaction states in which the coordinator holds a transaction open. */
export const OPEN_TRANSACTION_STATES = ['Ongoing', 'PrepareCommit', 'PrepareAbort', 'PrepareEpochFence'] as const;

export const transactionPartitionSchema = z.object({
  topic: z.string(),
  partition: z.number().int(),
  /** High watermark: the end read-uncommitted consumers see. */
  highWatermark: z.number().nullable(),
  /** Last stable offset: the end read-committed consumers see, held back by the first open transaction. */
  lastStableOffset: z.number().nullable(),
  /** HW - LSO: records read-committed consumers cannot see yet (this transaction's and any after it). */
  unstableMessages: z.number().nullable(),
  /** This producer's open-transaction first offset on the partition (DescribeProducers); null when it has none or unknown. */
  txnStartOffset: z.number().nullable(),
  /** The LSO sits at this transaction's first offset: it is what keeps read-committed consumers waiting here. */
  holdsLso: z.boolean().nullable(),
});
export type TransactionPartition = z.infer<typeof transactionPartitionSchema>;

export const openTransactionSchema = z.object({
  transactionalId: z.string(),
  producerId: z.string(),
  producerEpoch: z.number().int(),
  state: z.string(),
  /** When the transaction began; null when the coordinator does not say. */
  startedAt: z.string().nullable(),
  ageMs: z.number().nullable(),
  timeoutMs: z.number().int(),
  coordinator: z.number().int().nullable(),
  partitions: z.array(transactionPartitionSchema),
  /** Open longer than its timeout: the coordinator should have aborted it by now (hanging). Null when its age is unknown. */
  overdue: z.boolean().nullable(),
  /** Holds back the last stable offset of at least one partition. */
  stalling: z.boolean(),
  /** Sum of unstableMessages over the partitions it holds back; null when none is known. */
  unstableMessages: z.number().nullable(),
  /** The coordinator's refusal to describe it (coordinator loading, id gone meanwhile); else null. */
  error: z.string().nullable(),
});
export type OpenTransaction = z.infer<typeof openTransactionSchema>;

export const transactionListSchema = z.object({
  readAt: z.string(),
  /** Transactional ids per state, over every broker that answered (open or not). */
  states: z.record(z.string(), z.number().int()),
  transactionalIds: z.number().int(),
  /** Open transactions, the oldest first. */
  open: z.array(openTransactionSchema),
  /** Brokers that did not answer ListTransactions: the list may miss the ids they coordinate. */
  brokersFailed: z.array(z.number().int()),
});
export type TransactionList = z.infer<typeof transactionListSchema>;

export const activeProducerSchema = z.object({
  producerId: z.string(),
  producerEpoch: z.number().int(),
  lastSequence: z.number().int().nullable(),
  lastTimestamp: z.string().nullable(),
  coordinatorEpoch: z.number().int().nullable(),
  /** First offset of the producer's open transaction on this partition; null when it has none. */
  currentTxnStartOffset: z.number().nullable(),
  /** The transactional id whose producer this is (from ListTransactions); null for an idempotent producer or unknown. */
  transactionalId: z.string().nullable(),
  transactionState: z.string().nullable(),
  /**
   * The partition holds an open transaction of this producer, but no coordinator has it open (KIP-664's hanging
   * transaction: only an abort by an operator frees the LSO). Null when the producer has no open transaction here.
   */
  orphaned: z.boolean().nullable(),
});
export type ActiveProducer = z.infer<typeof activeProducerSchema>;

export const partitionProducersSchema = z.object({
  partition: z.number().int(),
  leader: z.number().int().nullable(),
  highWatermark: z.number().nullable(),
  lastStableOffset: z.number().nullable(),
  unstableMessages: z.number().nullable(),
  producers: z.array(activeProducerSchema),
  error: z.string().nullable(),
});
export type PartitionProducers = z.infer<typeof partitionProducersSchema>;

export const topicProducersSchema = z.object({
  topic: z.string(),
  readAt: z.string(),
  partitions: z.array(partitionProducersSchema),
});
export type TopicProducers = z.infer<typeof topicProducersSchema>;
