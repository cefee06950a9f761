import 'server-only';
import type { AbortedTransaction } from './fetch-request';
import { forEachBatch, type BatchGate, type BatchInfo } from './record-batch';
import type { TxnState } from './to-message';

/*
 * Transactions, read as Kafka's Java consumer reads them. A read-committed Fetch returns data up to the last stable
 * offset (LSO) with the list of aborted transactions overlapping it (producer id and first offset). Going through
 * the batches in order, a transaction of producer P becomes "aborted" once a batch reaches its first offset, and
 * ends with P's ABORT control batch; P's transactional batches in between are left out. Control batches (the
 * COMMIT and ABORT markers) are never records to show.
 */

/** Read committed: aborted transactions' batches are skipped, everything else shown unflagged. */
export class CommittedGate implements BatchGate {
  readonly plain = undefined;
  private readonly pending: AbortedTransaction[];
  private next = 0;
  private readonly aborted = new Set<number>();

  constructor(list: AbortedTransaction[] | null) {
    this.pending = list && list.length ? [...list].sort((a, b) => a.firstOffset - b.firstOffset) : [];
  }

  /** True when the batch belongs to an aborted transaction; follows the markers. */
  isAborted(b: BatchInfo): boolean {
    if (b.producerId < 0) return false;
    while (this.next < this.pending.length && this.pending[this.next].firstOffset <= b.lastOffset) this.aborted.add(this.pending[this.next++].producerId);
    if (b.control) {
      if (b.abortMarker) this.aborted.delete(b.producerId);
      return false;
    }
    return b.transactional && this.aborted.has(b.producerId);
  }

  decide(b: BatchInfo): undefined | 'skip' {
    return this.isAborted(b) ? 'skip' : undefined;
  }
}

export type ProducerState = { producerId: number; currentTxnStartOffset: number };

/**
 * What the read-uncommitted gate needs about one partition's answer, read before its records are visited. Kafka
 * sends the aborted list only to read-committed fetches, and only up to the LSO, so the state of a transactional
 * batch comes from three places:
 *  - below the LSO every transaction is decided: a read-committed Fetch of the same start gives the exact aborted
 *    list from the broker's transaction index (`committed`, covering offsets below `committedEnd`);
 *  - at or past the LSO, the producer's next marker in the data read says committed or aborted;
 *  - no marker after it: open when the data read reaches the high watermark (a marker would be there), or when
 *    DescribeProducers says the producer's current transaction began at or before the batch.
 * A batch none of these decides (a long transaction cut by the Fetch size) ends the visit before it, so that the
 * next Fetch starts there and sees further; when it is the first batch read, its records are flagged null (unknown).
 */
export type UncommittedPlan = {
  from: number;
  lastStable: number;
  committed: AbortedTransaction[] | null;
  committedEnd: number;
  reachesEnd: boolean;
  producers: ProducerState[] | null;
  markers: Map<number, { offset: number; abort: boolean }[]>;
};

/** Read uncommitted: every data record shown, flagged committed, aborted or open. */
export class UncommittedGate implements BatchGate {
  readonly plain: TxnState = 'committed';
  private readonly below: CommittedGate;

  constructor(private readonly plan: UncommittedPlan) {
    this.below = new CommittedGate(plan.committed);
  }

  decide(b: BatchInfo): TxnState | null | 'skip' | 'stop' {
    const { plan } = this;
    if (b.baseOffset < plan.committedEnd) {
      const aborted = this.below.isAborted(b);
      return b.control ? 'skip' : !b.transactional ? 'committed' : aborted ? 'aborted' : 'committed';
    }
    if (b.control || !b.transactional) return b.control ? 'skip' : 'committed';
    const first = b.baseOffset <= plan.from;
    if (b.baseOffset < plan.lastStable) return first ? null : 'stop';
    const marker = plan.markers.get(b.producerId)?.find((m) => m.offset > b.lastOffset);
    if (marker) return marker.abort ? 'aborted' : 'committed';
    if (plan.reachesEnd) return 'open';
    const p = plan.producers?.find((x) => x.producerId === b.producerId);
    if (p && p.currentTxnStartOffset >= 0 && p.currentTxnStartOffset <= b.baseOffset) return 'open';
    return first ? null : 'stop';
  }
}

/** What one uncommitted answer holds: its markers, whether it reaches `end`, and what needs asking beyond it. */
export function surveyUncommitted(records: Buffer | null, partition: number, lastStable: number, end: number) {
  const markers = new Map<number, { offset: number; abort: boolean }[]>();
  let last = -1;
  let transactionalBelowStable = false;
  const undecided: BatchInfo[] = [];
  forEachBatch(records, partition, (b) => {
    last = b.lastOffset;
    if (b.control) {
      const list = markers.get(b.producerId) ?? [];
      list.push({ offset: b.baseOffset, abort: b.abortMarker });
      markers.set(b.producerId, list);
    } else if (b.transactional) {
      if (b.baseOffset < lastStable) transactionalBelowStable = true;
      else undecided.push({ ...b });
    }
  });
  const reachesEnd = last + 1 >= end;
  const needsProducers = !reachesEnd && undecided.some((b) => !markers.get(b.producerId)?.some((m) => m.offset > b.lastOffset));
  return { markers, reachesEnd, transactionalBelowStable, needsProducers };
}

/** The end of the complete batches of a read-committed answer (`from` when it has none). */
export function answeredEnd(records: Buffer | null, partition: number, from: number): number {
  let end = from;
  forEachBatch(records, partition, (b) => {
    end = Math.max(end, b.lastOffset + 1);
  });
  return end;
}
