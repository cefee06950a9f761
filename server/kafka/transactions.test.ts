import { describe, expect, it } from 'vitest';
import { tpKey } from './cluster';
import { toActiveProducer, toOpenTransaction, type PartitionsState } from './transactions';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const producer = (producerId: bigint, currentTxnStartOffset: bigint, extra: Partial<{ lastSequence: number; lastTimestamp: bigint; coordinatorEpoch: number }> = {}) => ({
  producerId,
  producerEpoch: 3,
  lastSequence: extra.lastSequence ?? 9,
  lastTimestamp: extra.lastTimestamp ?? BigInt(NOW - 1000),
  coordinatorEpoch: extra.coordinatorEpoch ?? 0,
  currentTxnStartOffset,
});
const txn = (startMs: number, timeoutMs: number, partitions: number[]) => ({
  errorCode: 0,
  transactionalId: 'tx-1',
  transactionState: 'Ongoing',
  transactionTimeoutMs: timeoutMs,
  transactionStartTimeMs: BigInt(startMs),
  producerId: 7n,
  producerEpoch: 3,
  topics: [{ topic: 'orders', partitions }],
});

function state(rows: { p: number; hw?: number; lso?: number; producers?: ReturnType<typeof producer>[] }[]): PartitionsState {
  const s: PartitionsState = { leaders: new Map(), hw: new Map(), lso: new Map(), producers: new Map(), errors: new Map() };
  for (const r of rows) {
    const k = tpKey('orders', r.p);
    if (r.hw !== undefined) s.hw.set(k, r.hw);
    if (r.lso !== undefined) s.lso.set(k, r.lso);
    if (r.producers) s.producers.set(k, r.producers);
  }
  return s;
}

describe('open transactions', () => {
  it('marks the partitions whose LSO sits at its first offset, and counts what read-committed consumers cannot see', () => {
    const ps = state([
      // Holds p0 back: its first offset is the LSO; 5 records past it.
      { p: 0, hw: 15, lso: 10, producers: [producer(7n, 10n)] },
      // Another producer's earlier transaction holds p1 at 4; this one started at 6: it stalls nothing on its own.
      { p: 1, hw: 9, lso: 4, producers: [producer(8n, 4n), producer(7n, 6n)] },
      // Added to the transaction but nothing written yet: no entry of its own.
      { p: 2, hw: 3, lso: 3, producers: [] },
    ]);
    const t = toOpenTransaction(txn(NOW - 30_000, 60_000, [2, 0, 1]), 1, ps, NOW);
    expect(t).toMatchObject({ transactionalId: 'tx-1', producerId: '7', producerEpoch: 3, state: 'Ongoing', ageMs: 30_000, timeoutMs: 60_000, coordinator: 1, overdue: false, stalling: true, unstableMessages: 5 });
    expect(t.startedAt).toBe(new Date(NOW - 30_000).toISOString());
    expect(t.partitions).toEqual([
      { topic: 'orders', partition: 0, highWatermark: 15, lastStableOffset: 10, unstableMessages: 5, txnStartOffset: 10, holdsLso: true },
      { topic: 'orders', partition: 1, highWatermark: 9, lastStableOffset: 4, unstableMessages: 5, txnStartOffset: 6, holdsLso: false },
      { topic: 'orders', partition: 2, highWatermark: 3, lastStableOffset: 3, unstableMessages: 0, txnStartOffset: null, holdsLso: false },
    ]);
  });

  it('is overdue once open longer than its timeout', () => {
    const t = toOpenTransaction(txn(NOW - 61_000, 60_000, [0]), 1, state([{ p: 0, hw: 1, lso: 0, producers: [producer(7n, 0n)] }]), NOW);
    expect([t.overdue, t.stalling, t.ageMs]).toEqual([true, true, 61_000]);
  });

  it("says unknown (null) where the leader did not answer, and when the coordinator gives no start time", () => {
    const t = toOpenTransaction(txn(-1, 60_000, [0, 1]), 2, state([{ p: 1, hw: 4 }]), NOW);
    expect([t.startedAt, t.ageMs, t.overdue, t.stalling, t.unstableMessages]).toEqual([null, null, null, false, null]);
    expect(t.partitions.map((p) => [p.partition, p.highWatermark, p.lastStableOffset, p.unstableMessages, p.holdsLso])).toEqual([
      [0, null, null, null, null],
      [1, 4, null, null, null],
    ]);
  });
});

describe('active producers', () => {
  const listed = new Map([
    [7n, { transactionalId: 'tx-1', producerId: 7n, transactionState: 'Ongoing' }],
    [8n, { transactionalId: 'tx-2', producerId: 8n, transactionState: 'CompleteCommit' }],
  ]);

  it('names the transactional id and keeps an open transaction its coordinator knows as not orphaned', () => {
    expect(toActiveProducer(producer(7n, 12n), listed)).toEqual({
      producerId: '7',
      producerEpoch: 3,
      lastSequence: 9,
      lastTimestamp: new Date(NOW - 1000).toISOString(),
      coordinatorEpoch: 0,
      currentTxnStartOffset: 12,
      transactionalId: 'tx-1',
      transactionState: 'Ongoing',
      orphaned: false,
    });
  });

  it('flags an open transaction on the partition that no coordinator has open (KIP-664 hanging)', () => {
    expect(toActiveProducer(producer(8n, 3n), listed).orphaned).toBe(true);
    expect(toActiveProducer(producer(99n, 3n), listed)).toMatchObject({ transactionalId: null, orphaned: true });
  });

  it('has no orphan verdict for a producer without an open transaction, and unknown for -1 fields', () => {
    const p = toActiveProducer(producer(99n, -1n, { lastSequence: -1, lastTimestamp: -1n, coordinatorEpoch: -1 }), listed);
    expect(p).toMatchObject({ currentTxnStartOffset: null, orphaned: null, lastSequence: null, lastTimestamp: null, coordinatorEpoch: null, transactionalId: null });
  });
});
