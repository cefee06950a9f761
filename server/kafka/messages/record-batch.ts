import 'server-only';
import { compressionsAlgorithmsByBitmask } from '@platformatic/kafka';
import type { KafkaMessage } from '@/lib/contracts/kafka-messages';
import { UnsupportedError } from '../../http/errors';
import { LegacyRecordView, visitLegacy } from './legacy-messages';
import { ScreenState, type ValueScreen } from './screen';
import { FetchedRecord, NO_HEADERS, type ReadRecord, type RecordBody, type RecordHeaders, type TxnState } from './to-message';

export type { ValueScreen } from './screen';

/*
 * Record batches (magic 2, KIP-98) read straight from the Fetch answer's bytes: offsets and timestamps are numbers,
 * keys and values views of the answer, and a scan visits each record through one moving view, so a record the
 * filter passes over costs no object at all. Older message sets (magic 0 and 1) are read by legacy-messages.ts.
 * Transactions are decided per batch by a BatchGate (transactions.ts), never per record.
 */

const BATCH_HEADER_BYTES = 61;
const MAGIC_AT = 16;
const ATTRIBUTES_AT = 21;
const LAST_OFFSET_DELTA_AT = 23;
const FIRST_TIMESTAMP_AT = 27;
const MAX_TIMESTAMP_AT = 35;
const PRODUCER_ID_AT = 43;
const RECORD_COUNT_AT = 57;
const COMPRESSION_MASK = 0x07;
const LOG_APPEND_TIME_FLAG = 0x08;
const TRANSACTIONAL_FLAG = 0x10;
const CONTROL_FLAG = 0x20;
const EMPTY = Buffer.alloc(0);
const COMPRESSION_NAMES: Record<number, string> = { 1: 'gzip', 2: 'snappy', 3: 'lz4', 4: 'zstd' };


/** The record being visited. Valid only during the visit: the view moves on to the next record after it. */
export interface RecordView extends ReadRecord {
  /** True when the scan's ValueScreen ruled this record's value out (always false without a screen). */
  readonly screenedOut: boolean;
  /** The record as a value of its own, to keep past the visit. */
  toRecord(): ReadRecord;
}

/** Return false to stop the visit after this record. */
export type RecordVisitor = (r: RecordView) => boolean;

/** What a gate is told of a transactional or control batch; one object, reused from batch to batch. */
export type BatchInfo = {
  baseOffset: number;
  lastOffset: number;
  producerId: number;
  transactional: boolean;
  control: boolean;
  /** A control batch holding an ABORT marker (false for COMMIT, and for data batches). */
  abortMarker: boolean;
};

/**
 * Decides what a transactional or control batch is, in log order: 'skip' leaves its records out, 'stop' ends the
 * visit before it (the next Fetch starts at it), anything else is the flag its records carry. Control batches are
 * never shown, whatever the gate answers: it sees them to follow the markers.
 */
export interface BatchGate {
  /** The flag of records outside any transaction (plain batches never reach `decide`). */
  readonly plain: TxnState | null | undefined;
  decide(b: BatchInfo): TxnState | null | undefined | 'skip' | 'stop';
}

/** Reads varints off a buffer; zigzag-signed, as records encode them. */
export class Cursor {
  at = 0;
  constructor(readonly buf: Buffer) {}

  varint(): number {
    const buf = this.buf;
    let result = 0;
    let shift = 0;
    let b: number;
    do {
      b = buf[this.at++];
      result |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80 && shift < 35);
    return (result >>> 1) ^ -(result & 1);
  }

  /** Exact up to 2^53 (timestamp deltas). */
  varlong(): number {
    const buf = this.buf;
    let result = 0;
    let scale = 1;
    let b: number;
    do {
      b = buf[this.at++];
      result += (b & 0x7f) * scale;
      scale *= 128;
    } while (b & 0x80 && scale < 2 ** 70);
    return result % 2 === 1 ? -(result + 1) / 2 : result / 2;
  }

  /** Skips a length-prefixed field; its start, or -1 for null. */
  skipBytes(): number {
    const length = this.varint();
    if (length < 0) return -1;
    const start = this.at;
    this.at += length;
    return start;
  }

  bytes(): Buffer | null {
    const length = this.varint();
    if (length < 0) return null;
    const start = this.at;
    this.at += length;
    return this.buf.subarray(start, this.at);
  }
}

/** Headers by key: a key once is its value, a repeated key an array of its values in order. */
function readHeaders(buf: Buffer, at: number, count: number): RecordHeaders {
  if (count <= 0) return NO_HEADERS;
  const c = new Cursor(buf);
  c.at = at;
  const headers = Object.create(null) as RecordHeaders;
  for (let i = 0; i < count; i++) {
    const keyBytes = c.bytes();
    const key = String(keyBytes === null ? null : keyBytes.toString('utf8'));
    const value = c.bytes();
    const seen = headers[key];
    // A null among repeated values stays in the array.
    headers[key] = seen === undefined ? value : ([...(Array.isArray(seen) ? seen : [seen]), value] as Buffer[]);
  }
  return headers;
}

/** The moving view of a record of a magic-2 batch; fields are those of the record now visited. */
class BatchRecordView implements RecordView {
  buf: Buffer = EMPTY;
  offset = 0;
  timestamp = 0;
  timestampType: KafkaMessage['timestampType'] = 'create';
  transaction: TxnState | null | undefined = undefined;
  keyStart = -1;
  keyEnd = -1;
  valueStart = -1;
  valueEnd = -1;
  headersAt = 0;
  headerCount = 0;
  screenedOut = false;

  constructor(readonly partition: number) {}

  get raw(): RecordBody {
    return this;
  }
  get key(): Buffer | null {
    return this.keyStart < 0 ? null : this.buf.subarray(this.keyStart, this.keyEnd);
  }
  get value(): Buffer | null {
    return this.valueStart < 0 ? null : this.buf.subarray(this.valueStart, this.valueEnd);
  }
  get headers(): RecordHeaders {
    return readHeaders(this.buf, this.headersAt, this.headerCount);
  }
  toRecord(): ReadRecord {
    return new FetchedRecord(this.partition, this.offset, this.timestamp, this.timestampType, this.key, this.value, this.headers, this.transaction);
  }
}

/**
 * Visits `count` records from `c` at or after `from` (a batch can begin before the offset asked). Returns the
 * offset after the last record read (-1 for none) and whether the visitor stopped.
 */
function visitBatch(c: Cursor, count: number, baseOffset: number, timestampOf: number, appendTime: boolean, from: number, view: BatchRecordView, screen: ScreenState | null, visit: RecordVisitor): [number, boolean] {
  let next = -1;
  view.buf = c.buf;
  for (let i = 0; i < count; i++) {
    const length = c.varint();
    const end = c.at + length;
    c.at += 1; // record attributes: unused
    const timestampDelta = c.varlong();
    const offset = baseOffset + c.varint();
    if (offset < from) {
      c.at = end;
      continue;
    }
    view.offset = offset;
    view.timestamp = appendTime ? timestampOf : timestampOf + timestampDelta;
    view.keyStart = c.skipBytes();
    view.keyEnd = c.at;
    view.valueStart = c.skipBytes();
    view.valueEnd = c.at;
    view.headerCount = c.varint();
    view.headersAt = c.at;
    view.screenedOut = screen !== null && view.valueStart >= 0 && screen.rulesOut(c.buf, view.valueStart, view.valueEnd);
    c.at = end;
    next = offset + 1;
    if (!visit(view)) return [next, true];
  }
  return [next, false];
}

/** The records section of the batch at `at`, decompressed when the batch is, as a cursor at its first record. */
function recordsOf(buf: Buffer, at: number, end: number, attributes: number, partition: number, baseOffset: number): Cursor {
  const compression = attributes & COMPRESSION_MASK;
  if (compression === 0) {
    const c = new Cursor(buf);
    c.at = at + BATCH_HEADER_BYTES;
    return c;
  }
  const codec = compressionsAlgorithmsByBitmask[compression];
  if (!codec) throw new UnsupportedError(`Partition ${partition}: the batch at offset ${baseOffset} uses compression ${compression}, which no Kafka release defines`);
  try {
    return new Cursor(codec.decompressSync(buf.subarray(at + BATCH_HEADER_BYTES, end)));
  } catch (cause) {
    throw new UnsupportedError(`Partition ${partition}: the ${COMPRESSION_NAMES[compression] ?? compression}-compressed batch at offset ${baseOffset} could not be decompressed (${cause instanceof Error ? cause.message : String(cause)})`);
  }
}

/** Whether the control batch's first record is an ABORT marker: its key is version (int16) and type (int16, 0 = ABORT). */
function isAbortMarker(c: Cursor): boolean {
  c.varint(); // record length
  c.at += 1; // attributes
  c.varlong(); // timestamp delta
  c.varint(); // offset delta
  const keyAt = c.skipBytes();
  return keyAt >= 0 && c.buf.readInt16BE(keyAt + 2) === 0;
}

/**
 * Walks the complete v2 batches of `buf` in order, header by header, without reading their records (except a
 * control batch's marker). Stops at a cut batch or an older-format one.
 */
export function forEachBatch(buf: Buffer | null, partition: number, fn: (b: BatchInfo, at: number, end: number, attributes: number) => boolean | void): void {
  if (!buf) return;
  const info: BatchInfo = { baseOffset: 0, lastOffset: 0, producerId: -1, transactional: false, control: false, abortMarker: false };
  for (let at = 0; at + BATCH_HEADER_BYTES <= buf.length; ) {
    const end = at + 12 + buf.readInt32BE(at + 8);
    if (end > buf.length || buf.readInt8(at + MAGIC_AT) < 2) return;
    const attributes = buf.readInt16BE(at + ATTRIBUTES_AT);
    info.baseOffset = Number(buf.readBigInt64BE(at));
    info.lastOffset = info.baseOffset + buf.readInt32BE(at + LAST_OFFSET_DELTA_AT);
    info.producerId = Number(buf.readBigInt64BE(at + PRODUCER_ID_AT));
    info.transactional = (attributes & TRANSACTIONAL_FLAG) !== 0;
    info.control = (attributes & CONTROL_FLAG) !== 0;
    info.abortMarker = info.control && buf.readInt32BE(at + RECORD_COUNT_AT) > 0 && isAbortMarker(recordsOf(buf, at, end, attributes, partition, info.baseOffset));
    if (fn(info, at, end, attributes) === false) return;
    at = end;
  }
}

export type VisitResult = {
  /** Past the last record read, control records and skipped batches included; `from` when there was none. */
  next: number;
  /** The visitor stopped before the end, or the gate did. */
  stopped: boolean;
};

/**
 * Visits the records of one partition's Fetch answer at or after `from`, in order. Control records (transaction
 * markers) are never visited; without a gate every other record is (read uncommitted, no flags). A batch cut at
 * the end of the answer (the broker fills up to the size asked) is left for the next Fetch.
 */
export function visitRecordSet(buf: Buffer | null, partition: number, from: number, visit: RecordVisitor, screen?: ValueScreen | null, gate?: BatchGate | null): VisitResult {
  let next = from;
  if (!buf || buf.length <= MAGIC_AT) return { next, stopped: false };
  const state = screen ? new ScreenState(screen) : null;
  // Old message sets (magic 0/1) can be shorter than a v2 batch header: the magic decides first.
  if (buf.readInt8(MAGIC_AT) < 2) {
    // No transactions before magic 2: every record is committed (flagged so when reading uncommitted).
    const flag = gate ? gate.plain : undefined;
    return visitLegacy(buf, partition, from, flag, (r) => visit(new LegacyRecordView(r, state !== null && r.raw.value !== null && state.rulesOut(r.raw.value, 0, r.raw.value.length))));
  }
  const view = new BatchRecordView(partition);
  const plain = gate ? gate.plain : undefined;
  const info: BatchInfo = { baseOffset: 0, lastOffset: 0, producerId: -1, transactional: false, control: false, abortMarker: false };
  let at = 0;
  while (at + BATCH_HEADER_BYTES <= buf.length) {
    const end = at + 12 + buf.readInt32BE(at + 8);
    // A cut batch ends the answer; so does an older-format batch after newer ones (the next Fetch starts at it).
    if (end > buf.length || buf.readInt8(at + MAGIC_AT) < 2) break;
    const attributes = buf.readInt16BE(at + ATTRIBUTES_AT);
    const baseOffset = Number(buf.readBigInt64BE(at));
    // A batch read to its end moves past its last offset, as the Java consumer does: compaction can empty a batch
    // or remove its last records while keeping its offset range, and stopping at its last record left would read
    // the same batch again and again (a scan then ended early, at what looked like the end).
    const batchEnd = baseOffset + buf.readInt32BE(at + LAST_OFFSET_DELTA_AT) + 1;
    const count = buf.readInt32BE(at + RECORD_COUNT_AT);
    let flag = plain;
    if (attributes & (TRANSACTIONAL_FLAG | CONTROL_FLAG)) {
      const control = (attributes & CONTROL_FLAG) !== 0;
      if (gate) {
        info.baseOffset = baseOffset;
        info.lastOffset = batchEnd - 1;
        info.producerId = Number(buf.readBigInt64BE(at + PRODUCER_ID_AT));
        info.transactional = (attributes & TRANSACTIONAL_FLAG) !== 0;
        info.control = control;
        info.abortMarker = control && count > 0 && isAbortMarker(recordsOf(buf, at, end, attributes, partition, baseOffset));
        const verdict = gate.decide(info);
        if (verdict === 'stop') return { next: Math.max(next, baseOffset), stopped: true };
        if (verdict === 'skip' || control) {
          if (batchEnd > next) next = batchEnd;
          at = end;
          continue;
        }
        flag = verdict;
      } else if (control) {
        if (batchEnd > next) next = batchEnd;
        at = end;
        continue;
      }
    }
    if (count > 0 && batchEnd > from) {
      const c = recordsOf(buf, at, end, attributes, partition, baseOffset);
      const appendTime = (attributes & LOG_APPEND_TIME_FLAG) !== 0;
      view.timestampType = appendTime ? 'log-append' : 'create';
      view.transaction = flag;
      const timestampOf = Number(buf.readBigInt64BE(at + (appendTime ? MAX_TIMESTAMP_AT : FIRST_TIMESTAMP_AT)));
      const [last, stopped] = visitBatch(c, count, baseOffset, timestampOf, appendTime, from, view, state, visit);
      if (last > next) next = last;
      if (stopped) return { next, stopped };
    }
    if (batchEnd > next) next = batchEnd;
    at = end;
  }
  return { next, stopped: false };
}

/** The records of one partition's Fetch answer at or after `from` (see visitRecordSet), kept. */
export function decodeRecordSet(buf: Buffer | null, partition: number, from: number, gate?: BatchGate | null): { records: ReadRecord[]; next: number } {
  const records: ReadRecord[] = [];
  const { next } = visitRecordSet(
    buf,
    partition,
    from,
    (r) => {
      records.push(r.toRecord());
      return true;
    },
    null,
    gate,
  );
  return { records, next };
}
