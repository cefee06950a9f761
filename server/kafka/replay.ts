import 'server-only';
import type { KafkaPosition, KafkaReplayParams } from '@/lib/contracts/jobs';
import { BadRequestError } from '../http/errors';
import type { KafkaConnector } from './connector';
import { fetchOnce, offsetsForTime, topicPartitions, type PartitionInfo } from './messages/read';
import type { ReadRecord } from './messages/to-message';
import type { Range } from './replay-checkpoint';

/*
 * The Kafka side of a replay: the range it copies, planned once and kept in its checkpoint, and the reading of each
 * partition ahead of the batches. Reads are read-committed: records of aborted transactions and the transaction
 * markers are never copied, and a range ends at the last stable offset, before any transaction still open.
 */

function offsetAt(pos: KafkaPosition, p: PartitionInfo, byTime: Map<number, number> | undefined): number {
  if (pos === 'earliest') return p.low;
  if (pos === 'latest') return p.high;
  if ('offset' in pos) return Math.min(Math.max(pos.offset, p.low), p.high);
  return byTime?.get(p.partition) ?? p.high;
}

/**
 * Each chosen partition's range: from `from` to `to` (exclusive). Partitions end at their last stable offset (read
 * committed: a reader cannot read past a transaction still open), so 'latest' is there, and so is any later `to`.
 * 400 when `from` is past the end of every partition.
 */
export async function planRanges(connector: KafkaConnector, source: KafkaReplayParams['source']): Promise<Range[]> {
  const { topic, partitions, from, to } = source;
  const parts = await topicPartitions(connector, topic, partitions, source.connection, 'read_committed');
  const timeOf = async (pos: KafkaPosition) => (typeof pos === 'object' && 'timestamp' in pos ? offsetsForTime(connector, topic, parts, pos.timestamp, 'read_committed') : undefined);
  const [fromTimes, toTimes] = await Promise.all([timeOf(from), timeOf(to)]);
  if (typeof from === 'object' && 'offset' in from && parts.every((x) => from.offset >= x.high)) {
    throw new BadRequestError(`Offset ${from.offset} is past the end of every chosen partition of "${topic}"`);
  }
  return parts.map((x) => {
    const start = offsetAt(from, x, fromTimes);
    const end = Math.max(start, offsetAt(to, x, toTimes));
    return { partition: x.partition, leader: x.leader, start, end, next: start };
  });
}

/**
 * One partition of a replay being read: records fetched ahead of the batches (one Fetch in the background while
 * the current batch is written), and where the reading stands. Records past the range's end are dropped.
 */
export class PartitionReader {
  private buffered: ReadRecord[] = [];
  private at = 0;
  /** Everything before this offset is in `buffered` (from `at`) or was taken. */
  private fetchedTo: number;
  private pending: Promise<void> | null = null;
  private error: unknown = undefined;

  constructor(
    private readonly connector: KafkaConnector,
    private readonly topic: string,
    readonly range: Range,
    private readonly failure: (e: unknown) => Error,
  ) {
    this.fetchedTo = range.next;
  }

  private available(): number {
    return this.buffered.length - this.at;
  }

  /** Reads the next fetch of the partition into the buffer, in the background. */
  readAhead(): Promise<void> {
    const from = this.fetchedTo;
    const end = this.range.end;
    this.pending = fetchOnce(this.connector, this.topic, this.range, from).then(
      ({ records, next }) => {
        const inRange = records.filter((x) => x.offset < end);
        this.buffered = this.at < this.buffered.length ? this.buffered.slice(this.at).concat(inRange) : inRange;
        this.at = 0;
        // A batch read to its end moves past its last offset (compaction and transaction markers leave gaps).
        this.fetchedTo = Math.min(Math.max(next, from + 1), end);
        this.pending = null;
      },
      (e: unknown) => {
        this.error = this.failure(e);
        this.pending = null;
      },
    );
    return this.pending;
  }

  private drop(): void {
    if (this.at === this.buffered.length) {
      this.buffered = [];
      this.at = 0;
    }
  }

  /** Up to `quota` records, read ahead of need; `next` is where the slice ends. */
  async take(quota: number): Promise<{ records: ReadRecord[]; next: number }> {
    if (this.available() < quota && this.fetchedTo < this.range.end) await (this.pending ?? this.readAhead());
    if (this.error) throw this.error;
    const records = this.buffered.slice(this.at, this.at + quota);
    this.at += records.length;
    const next = this.at < this.buffered.length ? this.buffered[this.at].offset : this.fetchedTo;
    this.drop();
    if (!this.pending && this.available() < quota && this.fetchedTo < this.range.end) void this.readAhead();
    return { records, next };
  }

  /** The records up to `until` (where an earlier run's slice ended), however many fetches that takes. */
  async takeUntil(until: number): Promise<{ records: ReadRecord[]; next: number }> {
    while (this.fetchedTo < until && !this.error) await (this.pending ?? this.readAhead());
    if (this.error) throw this.error;
    let end = this.at;
    while (end < this.buffered.length && this.buffered[end].offset < until) end++;
    const records = this.buffered.slice(this.at, end);
    this.at = end;
    this.drop();
    return { records, next: until };
  }
}
