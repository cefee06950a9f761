import 'server-only';
import { compressionsAlgorithmsByBitmask } from '@platformatic/kafka';
import { UnsupportedError } from '../../http/errors';
import { FetchedRecord, NO_HEADERS, type ReadRecord, type TxnState } from './to-message';

/*
 * Message sets of magic 0 and 1 (before Kafka 0.11). Kafka 4 no longer writes them, but a log upgraded from an old
 * cluster can still hold segments of them, and the broker sends them as they are. Each entry is
 *   offset int64, size int32, crc int32, magic int8, attributes int8, [timestamp int64 (magic 1)], key, value
 * with key and value as int32-length bytes (-1: null). A compressed entry (attributes & 7) is a wrapper: its value
 * is a compressed message set of the real messages. A magic-1 wrapper gives its inner messages relative offsets
 * (0..n-1) and carries the absolute offset of the last one; a magic-0 wrapper's inner messages carry absolute
 * offsets. A magic-1 wrapper with log-append time (attribute bit 3) gives its timestamp to every inner message.
 * Magic 0 has no timestamp: -1, as Kafka's Java consumer reports it. No headers, no transactions (`flag` is what a
 * read gives records outside any: committed when reading uncommitted, nothing otherwise).
 */

const ENTRY_HEAD = 12; // offset, size
const MAGIC_AT = 16; // after offset, size, crc
const COMPRESSION_MASK = 0x07;
const LOG_APPEND_TIME_FLAG = 0x08;
const NO_TIMESTAMP = -1;

type Entry = { offset: number; magic: number; attributes: number; timestamp: number; key: Buffer | null; value: Buffer | null };

/** Reads the complete entries of `buf` in order; stops at a cut entry or at a v2 batch (magic 2), left for the next Fetch. */
function readEntries(buf: Buffer, partition: number, fn: (e: Entry) => boolean): boolean {
  for (let at = 0; at + MAGIC_AT + 2 <= buf.length; ) {
    const size = buf.readInt32BE(at + 8);
    const end = at + ENTRY_HEAD + size;
    const magic = buf.readInt8(at + MAGIC_AT);
    if (end > buf.length || magic >= 2) return true;
    const offset = Number(buf.readBigInt64BE(at));
    if (magic < 0) throw new UnsupportedError(`Partition ${partition}: the message at offset ${offset} has magic ${magic}, which no Kafka release writes`);
    const attributes = buf.readInt8(at + MAGIC_AT + 1);
    let p = at + MAGIC_AT + 2;
    let timestamp = NO_TIMESTAMP;
    if (magic === 1) {
      timestamp = Number(buf.readBigInt64BE(p));
      p += 8;
    }
    const keyLength = buf.readInt32BE(p);
    const key = keyLength < 0 ? null : buf.subarray(p + 4, p + 4 + keyLength);
    p += 4 + Math.max(0, keyLength);
    const valueLength = buf.readInt32BE(p);
    const value = valueLength < 0 ? null : buf.subarray(p + 4, p + 4 + valueLength);
    if (!fn({ offset, magic, attributes, timestamp, key, value })) return false;
    at = end;
  }
  return true;
}

function decompress(e: Entry, partition: number): Buffer {
  const compression = e.attributes & COMPRESSION_MASK;
  const codec = compressionsAlgorithmsByBitmask[compression];
  if (!codec || compression > 3) throw new UnsupportedError(`Partition ${partition}: the message at offset ${e.offset} uses compression ${compression}, unknown to message format ${e.magic}`);
  try {
    return codec.decompressSync(e.value ?? Buffer.alloc(0));
  } catch (cause) {
    // Kafka before 0.10 framed LZ4 with a wrong header checksum (KAFKA-3160); a frame decoder may refuse such sets.
    throw new UnsupportedError(`Partition ${partition}: the compressed message set at offset ${e.offset} (message format ${e.magic}) could not be decompressed (${cause instanceof Error ? cause.message : String(cause)})`);
  }
}

/**
 * Visits the messages of an old-format message set at or after `from`, wrappers unpacked. Returns the offset after
 * the last message read (`from` when none) and whether the visitor stopped.
 */
export function visitLegacy(buf: Buffer, partition: number, from: number, flag: TxnState | null | undefined, visit: (r: ReadRecord) => boolean): { next: number; stopped: boolean } {
  const transaction = flag ?? undefined;
  let next = from;
  const emit = (offset: number, magic: number, timestamp: number, appendTime: boolean, key: Buffer | null, value: Buffer | null): boolean => {
    if (offset < from) return true;
    next = Math.max(next, offset + 1);
    return visit(new FetchedRecord(partition, offset, timestamp, magic === 0 ? null : appendTime ? 'log-append' : 'create', key, value, NO_HEADERS, transaction));
  };
  const completed = readEntries(buf, partition, (wrapper) => {
    const appendTime = (wrapper.attributes & LOG_APPEND_TIME_FLAG) !== 0;
    if ((wrapper.attributes & COMPRESSION_MASK) === 0) return emit(wrapper.offset, wrapper.magic, wrapper.timestamp, appendTime, wrapper.key, wrapper.value);
    if (wrapper.offset < from) return true;
    const inner: Entry[] = [];
    readEntries(decompress(wrapper, partition), partition, (e) => inner.push(e) > 0);
    const last = inner.length ? inner[inner.length - 1].offset : 0;
    const base = wrapper.magic >= 1 ? wrapper.offset - last : 0;
    for (const e of inner) {
      const timestamp = wrapper.magic >= 1 && appendTime ? wrapper.timestamp : e.timestamp;
      if (!emit(base + e.offset, e.magic, timestamp, appendTime, e.key, e.value)) return false;
    }
    // The wrapper's offset is its last message's: the whole set is read.
    next = Math.max(next, wrapper.offset + 1);
    return true;
  });
  return { next, stopped: !completed };
}

/** The view a scan visits for an old-format record: the record itself, kept. */
export class LegacyRecordView {
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
  get transaction() {
    return this.r.transaction;
  }
  toRecord(): ReadRecord {
    return this.r;
  }
}
