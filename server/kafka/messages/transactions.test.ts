import { describe, expect, it } from 'vitest';
import { decodeRecordSet } from './record-batch';
import { batch, marker, txData } from './test-batches';
import { answeredEnd, CommittedGate, surveyUncommitted, UncommittedGate, type UncommittedPlan } from './transactions';

const plainBatch = (offset: number) => batch(offset, [{ key: null, value: Buffer.from(`plain${offset}`) }]);
const read = (buf: Buffer, from: number, gate: CommittedGate | UncommittedGate) => {
  const { records, next } = decodeRecordSet(buf, 0, from, gate);
  return { rows: records.map((r) => [r.offset, r.transaction]), next };
};

/*
 * A log as brokers write it: producer 1 aborts offsets 0-1 (ABORT at 4), producer 2 commits 2-3 (COMMIT at 5), a
 * plain record at 6, producer 1 commits 7 (COMMIT at 8).
 */
const log = Buffer.concat([txData(0, 1, 2), txData(2, 2, 2), marker(4, 1, false), marker(5, 2, true), plainBatch(6), txData(7, 1, 1), marker(8, 1, true)]);
const abortedList = [{ producerId: 1, firstOffset: 0 }];

function plan(o: Partial<UncommittedPlan> & { buf: Buffer; from: number; lastStable: number; end: number }): UncommittedPlan {
  const s = surveyUncommitted(o.buf, 0, o.lastStable, o.end);
  return { from: o.from, lastStable: o.lastStable, committed: o.committed ?? null, committedEnd: o.committedEnd ?? o.from, reachesEnd: s.reachesEnd, producers: o.producers ?? null, markers: s.markers };
}

describe('read committed', () => {
  it('leaves out aborted transactions and markers, keeps committed and plain records, and moves past all of them', () => {
    expect(read(log, 0, new CommittedGate(abortedList))).toEqual({
      rows: [
        [2, undefined],
        [3, undefined],
        [6, undefined],
        [7, undefined],
      ],
      next: 9,
    });
  });

  it('knows an aborted transaction that began before the offset read from (the broker lists it)', () => {
    expect(read(log, 1, new CommittedGate(abortedList)).rows.map(([o]) => o)).toEqual([2, 3, 6, 7]);
  });

  it('ends an aborted transaction at its ABORT marker: the same producer commits afterwards', () => {
    const again = Buffer.concat([txData(0, 1, 1), marker(1, 1, false), txData(2, 1, 1), marker(3, 1, true), txData(4, 1, 1), marker(5, 1, false)]);
    const list = [
      { producerId: 1, firstOffset: 4 },
      { producerId: 1, firstOffset: 0 },
    ];
    expect(read(again, 0, new CommittedGate(list)).rows.map(([o]) => o)).toEqual([2]);
  });

  it('leaves a transactional batch of a producer not in the list alone, and a non-transactional batch of a listed one', () => {
    const mixed = Buffer.concat([batch(0, [{ key: null, value: Buffer.from('idempotent') }], { producerId: 1 }), txData(1, 1, 1), marker(2, 1, false)]);
    expect(read(mixed, 0, new CommittedGate([{ producerId: 1, firstOffset: 1 }])).rows.map(([o]) => o)).toEqual([0]);
  });
});

describe('read uncommitted', () => {
  it('flags records below the last stable offset from the read-committed aborted list', () => {
    const gate = new UncommittedGate(plan({ buf: log, from: 0, lastStable: 9, end: 9, committed: abortedList, committedEnd: 9 }));
    expect(read(log, 0, gate)).toEqual({
      rows: [
        [0, 'aborted'],
        [1, 'aborted'],
        [2, 'committed'],
        [3, 'committed'],
        [6, 'committed'],
        [7, 'committed'],
      ],
      next: 9,
    });
  });

  it('past the last stable offset: the next marker decides, and no marker up to the high watermark is open', () => {
    // Producer 3 opened a transaction at 9 (the LSO); producer 4 wrote 10 and aborted it (ABORT at 11); 12 is plain.
    const tail = Buffer.concat([log, txData(9, 3, 1), txData(10, 4, 1), marker(11, 4, false), plainBatch(12)]);
    const gate = new UncommittedGate(plan({ buf: tail, from: 0, lastStable: 9, end: 13, committed: abortedList, committedEnd: 9 }));
    expect(read(tail, 0, gate).rows.slice(-3)).toEqual([
      [9, 'open'],
      [10, 'aborted'],
      [12, 'committed'],
    ]);
  });

  it('a transaction cut off by the Fetch size: stops before it, or asks DescribeProducers when it is the first batch', () => {
    const data = Buffer.concat([plainBatch(9), txData(10, 3, 2)]);
    const cut = plan({ buf: data, from: 9, lastStable: 10, end: 20 });
    expect(cut.reachesEnd).toBe(false);
    expect(read(data, 9, new UncommittedGate(cut))).toEqual({ rows: [[9, 'committed']], next: 10 });
    const first = plan({ buf: data.subarray(plainBatch(9).length), from: 10, lastStable: 10, end: 20 });
    expect(read(data.subarray(plainBatch(9).length), 10, new UncommittedGate(first)).rows).toEqual([
      [10, null],
      [11, null],
    ]);
    const described = { ...first, producers: [{ producerId: 3, currentTxnStartOffset: 10 }] };
    expect(read(data.subarray(plainBatch(9).length), 10, new UncommittedGate(described)).rows).toEqual([
      [10, 'open'],
      [11, 'open'],
    ]);
    // A producer whose current transaction began later: this batch's transaction is decided, its marker not read yet.
    const later = { ...first, producers: [{ producerId: 3, currentTxnStartOffset: 15 }] };
    expect(read(data.subarray(plainBatch(9).length), 10, new UncommittedGate(later)).rows).toEqual([
      [10, null],
      [11, null],
    ]);
  });

  it('stops at a transactional batch below the last stable offset past where the read-committed answer ended', () => {
    // Markers and plain batches need no aborted list; producer 1's batch at 7 does.
    const gate = new UncommittedGate(plan({ buf: log, from: 0, lastStable: 9, end: 9, committed: abortedList, committedEnd: 4 }));
    expect(read(log, 0, gate)).toEqual({
      rows: [
        [0, 'aborted'],
        [1, 'aborted'],
        [2, 'committed'],
        [3, 'committed'],
        [6, 'committed'],
      ],
      next: 7,
    });
  });

  it('surveys what a read needs: transactional data below the LSO, and whether the answer reaches the end', () => {
    expect(surveyUncommitted(log, 0, 9, 9)).toMatchObject({ transactionalBelowStable: true, reachesEnd: true, needsProducers: false });
    expect(surveyUncommitted(plainBatch(0), 0, 1, 5)).toMatchObject({ transactionalBelowStable: false, reachesEnd: false, needsProducers: false });
    expect(surveyUncommitted(txData(0, 7, 1), 0, 0, 5)).toMatchObject({ transactionalBelowStable: false, reachesEnd: false, needsProducers: true });
    expect(answeredEnd(log, 0, 0)).toBe(9);
    expect(answeredEnd(null, 0, 3)).toBe(3);
  });
});
