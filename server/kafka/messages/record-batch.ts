import 'server-only';
import { lookupCodecByAttributes } from 'kafkajs/src/protocol/message/compression/index.js';
import Decoder from 'kafkajs/src/protocol/decoder.js';
import decodeMessages from 'kafkajs/src/protocol/requests/fetch/v4/decodeMessages.js';
import type { KafkaMessage } from '@/lib/contracts/kafka-messages';
import '../codecs';
import type { ReadRecord, RecordBody, RecordHeaders } from './to-message';

/*
 * Record batches (magic 2, KIP-98) read straight from the Fetch response's bytes, with the results kafkajs's decoder
 * gave (same records, offsets, timestamps, headers) at a fraction of the cost: offsets and timestamps are numbers,
 * keys and values views of the response, and a scan visits each record through one moving view, so a record the
 * filter passes over costs no object at all. Older message sets (magic 0 and 1) still go through kafkajs.
 */

const BATCH_HEADER_BYTES = 61;
const MAGIC_AT = 16;
const ATTRIBUTES_AT = 21;
const LAST_OFFSET_DELTA_AT = 23;
const FIRST_TIMESTAMP_AT = 27;
const MAX_TIMESTAMP_AT = 35;
const RECORD_COUNT_AT = 57;
const LOG_APPEND_TIME_FLAG = 0x08;
const CONTROL_FLAG = 0x20;
const EMPTY = Buffer.alloc(0);

const NO_HEADERS: RecordHeaders = Object.freeze(Object.create(null) as RecordHeaders);

/**
 * A cheap test on a value's bytes: a non-null value that lacks any of `needles` and holds no `unless` byte is
 * screened out. What that proves about the value is the caller's business (record-filter.ts).
 */
export type ValueScreen = { needles: Buffer[]; unless: number };

/** The record being visited. Valid only during the visit: the view moves on to the next record after it. */
export interface RecordView extends ReadRecord {
  /** True when the scan's ValueScreen ruled this record's value out (always false without a screen). */
  readonly screenedOut: boolean;
  /** The record as a value of its own, to keep past the visit. */
  toRecord(): ReadRecord;
}

/** Return false to stop the visit after this record. */
export type RecordVisitor = (r: RecordView) => boolean;

/** A record is its own body (`raw`), so a kept record costs one object. */
class FetchedRecord implements ReadRecord, RecordBody {
  constructor(
    readonly partition: number,
    readonly offset: number,
    readonly timestamp: number,
    readonly timestampType: KafkaMessage['timestampType'],
    readonly key: Buffer | null,
    readonly value: Buffer | null,
    readonly headers: RecordHeaders,
  ) {}

  get raw(): RecordBody {
    return this;
  }
}

/** Reads varints off a buffer; zigzag-signed, as records encode them. */
class Cursor {
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

/** Headers as kafkajs gave them: one key once is its value, a repeated key an array of its values in order. */
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
    // A null among repeated values stays in the array, as kafkajs kept it (its types say otherwise).
    headers[key] = seen === undefined ? value : ([...(Array.isArray(seen) ? seen : [seen]), value] as Buffer[]);
  }
  return headers;
}

/**
 * Where the next occurrence of each needle (and of the `unless` byte) is in one buffer, found once per stretch
 * rather than once per record: records come in buffer order, so a whole batch costs one pass per needle.
 */
class ScreenState {
  private buf: Buffer = EMPTY;
  private readonly next: number[];
  private nextUnless = -1;

  constructor(private readonly screen: ValueScreen) {
    this.next = screen.needles.map(() => -1);
  }

  /** Whether the value at [start, end) of `buf` is screened out. */
  rulesOut(buf: Buffer, start: number, end: number): boolean {
    if (buf !== this.buf) {
      this.buf = buf;
      this.next.fill(-1);
      this.nextUnless = -1;
    }
    if (this.nextUnless !== Infinity && this.nextUnless < start) {
      const at = buf.indexOf(this.screen.unless, start);
      this.nextUnless = at < 0 ? Infinity : at;
    }
    if (this.nextUnless < end) return false;
    const needles = this.screen.needles;
    for (let i = 0; i < needles.length; i++) {
      let at = this.next[i];
      if (at !== Infinity && at < start) {
        const found = buf.indexOf(needles[i], start);
        at = this.next[i] = found < 0 ? Infinity : found;
      }
      if (at + needles[i].length > end) return true;
    }
    return false;
  }
}

/** The moving view of a record of a magic-2 batch; fields are those of the record now visited. */
class BatchRecordView implements RecordView {
  buf: Buffer = EMPTY;
  offset = 0;
  timestamp = 0;
  timestampType: KafkaMessage['timestampType'] = 'create';
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
    return new FetchedRecord(this.partition, this.offset, this.timestamp, this.timestampType, this.key, this.value, this.headers);
  }
}

type Batch = { baseOffset: number; firstTimestamp: number; maxTimestamp: number; appendTime: boolean; control: boolean };

/**
 * Visits `count` records from `c` at or after `from` (a batch can begin before the offset asked). Returns the
 * offset after the last record read (-1 for none) and whether the visitor stopped.
 */
function visitBatch(c: Cursor, count: number, batch: Batch, from: number, view: BatchRecordView, screen: ScreenState | null, visit: RecordVisitor): [number, boolean] {
  let next = -1;
  view.buf = c.buf;
  view.timestampType = batch.appendTime ? 'log-append' : 'create';
  for (let i = 0; i < count; i++) {
    const length = c.varint();
    const end = c.at + length;
    c.at += 1; // record attributes: unused
    const timestampDelta = c.varlong();
    const offset = batch.baseOffset + c.varint();
    if (offset < from || batch.control) {
      if (offset >= from) next = offset + 1;
      c.at = end;
      continue;
    }
    view.offset = offset;
    view.timestamp = batch.appendTime ? batch.maxTimestamp : batch.firstTimestamp + timestampDelta;
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

export type VisitResult = {
  /** Past the last record read, control records included; `from` when there was none. */
  next: number;
  /** The visitor stopped before the end. */
  stopped: boolean;
};

/**
 * Visits the records of one partition's Fetch answer at or after `from`, in order, control records (transaction
 * markers) left out. A batch cut at the end of the answer (the broker fills up to the size asked) is left for the
 * next Fetch.
 */
export async function visitRecordSet(buf: Buffer | null, partition: number, from: number, visit: RecordVisitor, screen?: ValueScreen | null): Promise<VisitResult> {
  let next = from;
  if (!buf || buf.length <= MAGIC_AT) return { next, stopped: false };
  // Old message sets (magic 0/1) can be shorter than a v2 batch header: the magic decides first.
  if (buf.readInt8(MAGIC_AT) < 2) return visitLegacy(buf, partition, from, visit, screen ?? null);
  if (buf.length < BATCH_HEADER_BYTES) return { next, stopped: false };
  const state = screen ? new ScreenState(screen) : null;
  const view = new BatchRecordView(partition);
  let at = 0;
  while (at + BATCH_HEADER_BYTES <= buf.length) {
    const length = buf.readInt32BE(at + 8);
    const end = at + 12 + length;
    // A cut batch ends the answer; so does an older-format batch after newer ones (the next Fetch starts at it).
    if (end > buf.length || buf.readInt8(at + MAGIC_AT) < 2) break;
    const attributes = buf.readInt16BE(at + ATTRIBUTES_AT);
    const batch: Batch = {
      baseOffset: Number(buf.readBigInt64BE(at)),
      firstTimestamp: Number(buf.readBigInt64BE(at + FIRST_TIMESTAMP_AT)),
      maxTimestamp: Number(buf.readBigInt64BE(at + MAX_TIMESTAMP_AT)),
      appendTime: (attributes & LOG_APPEND_TIME_FLAG) !== 0,
      control: (attributes & CONTROL_FLAG) !== 0,
    };
    const count = buf.readInt32BE(at + RECORD_COUNT_AT);
    if (count > 0) {
      const codec = lookupCodecByAttributes(attributes);
      const records = codec ? await codec.decompress(buf.subarray(at + BATCH_HEADER_BYTES, end)) : buf.subarray(0, end);
      const c = new Cursor(records);
      c.at = codec ? 0 : at + BATCH_HEADER_BYTES;
      const [last, stopped] = visitBatch(c, count, batch, from, view, state, visit);
      if (last > next) next = last;
      if (stopped) return { next, stopped };
    }
    // A batch read to its end moves past its last offset, as the Java consumer does: compaction can empty a batch
    // or remove its last records while keeping its offset range, and stopping at its last record left would read
    // the same batch again and again (a scan then ended early, at what looked like the end).
    const batchEnd = batch.baseOffset + buf.readInt32BE(at + LAST_OFFSET_DELTA_AT) + 1;
    if (batchEnd > next) next = batchEnd;
    at = end;
  }
  return { next, stopped: false };
}

/** The records of one partition's Fetch answer at or after `from` (see visitRecordSet), kept. */
export async function decodeRecordSet(buf: Buffer | null, partition: number, from: number): Promise<{ records: ReadRecord[]; next: number }> {
  const records: ReadRecord[] = [];
  const { next } = await visitRecordSet(buf, partition, from, (r) => {
    records.push(r.toRecord());
    return true;
  });
  return { records, next };
}

class KeptRecordView implements RecordView {
  constructor(
    private readonly r: ReadRecord,
    readonly screenedOut: boolean,
  ) {}
  get partition() {
    return this.r.partition;
  }
  get offset() {
    return this.r.offset;
  }
  get timestamp() {
    return this.r.timestamp;
  }
  get timestampType() {
    return this.r.timestampType;
  }
  get raw() {
    return this.r.raw;
  }
  toRecord(): ReadRecord {
    return this.r;
  }
}

/** Magic 0 and 1 message sets, through kafkajs's decoder. */
async function visitLegacy(buf: Buffer, partition: number, from: number, visit: RecordVisitor, screen: ValueScreen | null): Promise<VisitResult> {
  const size = Buffer.alloc(4);
  size.writeInt32BE(buf.length);
  const messages = await decodeMessages(new Decoder(Buffer.concat([size, buf])));
  const state = screen ? new ScreenState(screen) : null;
  let next = from;
  for (const m of messages) {
    const offset = Number(m.offset);
    if (offset < from) continue;
    next = Math.max(next, offset + 1);
    if (m.isControlRecord) continue;
    const type = m.batchContext?.timestampType;
    const r: ReadRecord = { partition, offset, timestamp: Number(m.timestamp), timestampType: m.magicByte >= 1 ? (type === 1 ? 'log-append' : 'create') : null, raw: m };
    const screenedOut = state !== null && m.value !== null && state.rulesOut(m.value, 0, m.value.length);
    if (!visit(new KeptRecordView(r, screenedOut))) return { next, stopped: true };
  }
  return { next, stopped: false };
}
