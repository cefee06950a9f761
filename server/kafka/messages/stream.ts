import 'server-only';
import type { KafkaMessage, ScanDone, ScanProgress, StreamQuery } from '@/lib/contracts/kafka-messages';
import { callerMaskPlan } from '../../auth/caller-masking';
import { maskKafkaMessage, type MaskPlan } from '../../auth/masking';
import { getConnectorOf } from '../../connections/registry';
import { compileFilter, KAFKA_FILTER_VARIABLES, type CompiledFilter } from '../../filters/cel';
import { UnreachableError } from '../../http/errors';
import type { SseSink } from '../../http/sse';
import { withCluster } from '../cluster';
import { isConnectionFailure } from '../connector';
import { describeBrokerError } from '../admin-errors';
import { planRead } from './browse';
import { encodeCursor } from './cursor';
import { fetchVisit, fetchVisitLeader, topicPartitions, type PartitionInfo } from './read';
import type { RecordView, RecordVisitor } from './record-batch';
import { recordMatcher } from './record-filter';
import { topicSchemas } from '../../messages/schemas/topic-schemas';
import { toMessage } from './to-message';

/** A tail follows new messages this long at most; the browser reconnects with the cursor it last got. */
const TAIL_MAX_MS = 30 * 60_000;
/** How long one Fetch waits at the broker for new data while tailing: bounds the delay to show a message. */
const TAIL_WAIT_MS = 400;
const PROGRESS_EVERY_MS = 250;
const FLUSH_EVERY_MS = 100;
const FLUSH_AT = 200;

export type PreparedStream = {
  topic: string;
  query: StreamQuery;
  filter: CompiledFilter | null;
  /** What the caller may not see, for the messages sent and for what the filter tests. */
  masking: MaskPlan | null;
  parts: PartitionInfo[];
  /** Next offset to read per partition, and (scan) where to stop. */
  start: Map<number, number>;
  end: Map<number, number> | null;
  /** A scan from "latest": read backwards from the end, the newest matches across all partitions first. */
  newestFirst: boolean;
};

/** How many offsets a newest-first scan reads from one partition before it looks at the others again. */
const NEWEST_FIRST_CHUNK = 1000;

/** Everything that can fail with a 4xx happens here, before the event stream starts. */
export async function prepareStream(id: string, topic: string, query: StreamQuery): Promise<PreparedStream> {
  const filter = query.filter?.trim() ? compileFilter(query.filter, KAFKA_FILTER_VARIABLES) : null;
  const masking = callerMaskPlan(id, topic);
  const connector = getConnectorOf(id, 'kafka');
  return withCluster(connector, 'prepare scan', async (c) => {
    const parts = await topicPartitions(c, topic, query.partitions, id, query.isolation);
    let start: Map<number, number>;
    const newestFirst = query.mode === 'scan' && !query.cursor && query.from === 'latest';
    if (newestFirst || (query.mode === 'tail' && !query.cursor)) {
      // A tail starts at the end; a newest-first scan reads backwards from it (the positions move down).
      start = new Map(parts.map((p) => [p.partition, p.high]));
    } else {
      const plan = await planRead(c, topic, parts, query);
      // An "older" cursor marks where earlier pages stopped; a scan reads forward from there to the end.
      start = plan.positions;
    }
    const end = query.mode === 'scan' ? new Map(parts.map((p) => [p.partition, p.high])) : null;
    return { topic, query, filter, masking, parts: parts.filter((p) => start.has(p.partition)), start, end, newestFirst };
  });
}

export async function runStream(id: string, s: PreparedStream, sink: SseSink): Promise<void> {
  const connector = getConnectorOf(id, 'kafka');
  const { query, filter, masking, topic } = s;
  const tail = query.mode === 'tail';
  const started = Date.now();
  const deadline = started + (tail ? TAIL_MAX_MS : query.timeLimitMs);
  const positions = new Map(s.start);
  const schemas = topicSchemas(id, topic);
  const decode = { keyMode: query.keyMode, valueMode: query.valueMode, schemas };
  const matcher = filter ? recordMatcher(filter, masking, schemas) : null;
  const screen = matcher?.screen ?? null;
  let scanned = 0;
  let matched = 0;
  let reason: ScanDone['reason'] | null = null;
  let pending: KafkaMessage[] = [];
  let lastFlush = Date.now();
  let lastProgress = 0;

  const stopped = () => {
    if (reason) return true;
    if (sink.signal.aborted) reason = 'cancelled';
    else if (Date.now() >= deadline) reason = tail ? 'cancelled' : 'time-limit';
    return reason !== null;
  };
  const progress = (): ScanProgress => ({
    scanned,
    matched,
    elapsedMs: Date.now() - started,
    positions: s.parts.map((p) => ({ partition: p.partition, next: positions.get(p.partition) ?? p.low, end: s.end?.get(p.partition) ?? null })),
    // A newest-first scan continues with what arrives after it began, not with the older records below it.
    cursor: encodeCursor({ dir: 'newer', positions: s.newestFirst ? s.start : positions }),
  });
  const flush = (force = false) => {
    const now = Date.now();
    if (pending.length && (force || pending.length >= FLUSH_AT || now - lastFlush >= FLUSH_EVERY_MS)) {
      sink.send('messages', pending);
      pending = [];
      lastFlush = now;
    }
    if (force || now - lastProgress >= PROGRESS_EVERY_MS) {
      sink.send('progress', progress());
      lastProgress = now;
    }
  };

  /** The visitor of one partition's records; `quit` tells the caller the stream is over. */
  const visitorOf = (partition: number) => {
    const end = s.end?.get(partition);
    const state = { quit: false };
    const visit: RecordVisitor = (r: RecordView): boolean => {
      if (end !== undefined && r.offset >= end) return false;
      if (stopped()) {
        state.quit = true;
        return false;
      }
      scanned++;
      positions.set(partition, r.offset + 1);
      if (!matcher || matcher.matches(r)) {
        matched++;
        pending.push(maskKafkaMessage(toMessage(r, decode), masking));
        if (!tail && matched >= query.maxMatches) reason = 'max-matches';
      }
      if (!tail && scanned >= query.maxScanned) reason = 'max-scanned';
      return true;
    };
    return { visit, state, end };
  };
  /** Skipped control records, aborted transactions and compaction gaps still move the position on. */
  const advance = (partition: number, pos: number, next: number, end: number | undefined) => {
    if (!reason && next > (positions.get(partition) ?? pos)) positions.set(partition, end !== undefined ? Math.min(next, end) : next);
  };

  // A scan reads each partition on its own, requests pipelined on the leader's connection; a fetch that made no
  // progress is at the partition's end.
  const scanWorker = async (p: PartitionInfo) => {
    const { visit, state, end } = visitorOf(p.partition);
    while (!stopped()) {
      const pos = positions.get(p.partition) ?? p.low;
      if (end !== undefined && pos >= end) return;
      const { next } = await fetchVisit(connector, topic, p, pos, 0, visit, screen, query.isolation);
      if (state.quit) return;
      advance(p.partition, pos, next, end);
      flush();
      if (next <= pos) return;
    }
  };
  // A tail asks for all partitions of a leader in one Fetch that waits at the broker for new data: one waiting
  // request per partition would queue behind each other's waits on the connection (the broker answers a
  // connection's requests in order), delaying a new message by up to one wait per partition.
  const tailWorker = async (leader: number, parts: PartitionInfo[]) => {
    const visitors = new Map(parts.map((p) => [p.partition, visitorOf(p.partition)]));
    for (let turn = 0; !stopped(); turn++) {
      // Rotated, so that a busy partition filling the answer's size cannot starve the ones after it.
      const order = parts.map((_, i) => parts[(i + turn) % parts.length]);
      const at = order.map((p) => ({ partition: p.partition, offset: positions.get(p.partition) ?? p.high }));
      const results = await fetchVisitLeader(connector, topic, leader, at, TAIL_WAIT_MS, (partition) => visitors.get(partition)?.visit ?? (() => false), screen, query.isolation);
      for (const { partition, offset } of at) {
        if (visitors.get(partition)?.state.quit) return;
        const result = results.get(partition);
        if (result) advance(partition, offset, result.next, undefined);
      }
      flush();
    }
  };

  /**
   * Newest first across partitions: each partition is read backwards in chunks, always the one whose unread
   * records may be the newest (its oldest timestamp read so far is the highest), until the newest maxMatches
   * matches are known: no unread record can be newer than the last of them. Matches go out newest first.
   */
  const newestFirstScan = async () => {
    const oldest = new Map<number, number>();
    let found: Array<{ ts: number; message: KafkaMessage }> = [];
    const readChunk = async (p: PartitionInfo) => {
      const top = positions.get(p.partition) ?? p.high;
      const from = Math.max(p.low, top - NEWEST_FIRST_CHUNK);
      let seen = oldest.get(p.partition) ?? Number.POSITIVE_INFINITY;
      const visit: RecordVisitor = (r) => {
        if (r.offset >= top || stopped()) return false;
        scanned++;
        seen = Math.min(seen, r.timestamp);
        if (!matcher || matcher.matches(r)) {
          matched++;
          found.push({ ts: r.timestamp, message: maskKafkaMessage(toMessage(r, decode), masking) });
        }
        if (scanned >= query.maxScanned) reason = 'max-scanned';
        return true;
      };
      for (let pos = from; pos < top && !stopped(); ) {
        const { next } = await fetchVisit(connector, topic, p, pos, 0, visit, screen, query.isolation);
        if (next <= pos) break;
        pos = next;
      }
      positions.set(p.partition, from);
      oldest.set(p.partition, seen);
    };
    const open = () => s.parts.filter((p) => (positions.get(p.partition) ?? p.high) > p.low);
    let next = open();
    while (next.length > 0 && !stopped()) {
      await Promise.all(next.map(readChunk));
      found.sort((a, b) => b.ts - a.ts);
      found = found.slice(0, query.maxMatches);
      flush();
      const left = open();
      if (left.length === 0) break;
      const newestUnread = Math.max(...left.map((p) => oldest.get(p.partition) ?? Number.POSITIVE_INFINITY));
      if (found.length >= query.maxMatches && found[found.length - 1].ts >= newestUnread) reason = 'max-matches';
      next = left.filter((p) => (oldest.get(p.partition) ?? Number.POSITIVE_INFINITY) >= newestUnread);
    }
    matched = found.length;
    pending.push(...found.map((f) => f.message));
  };

  sink.send('progress', progress());
  try {
    if (s.newestFirst) {
      await newestFirstScan();
    } else if (tail) {
      const byLeader = new Map<number, PartitionInfo[]>();
      for (const p of s.parts) byLeader.set(p.leader, [...(byLeader.get(p.leader) ?? []), p]);
      await Promise.all([...byLeader].map(([leader, parts]) => tailWorker(leader, parts)));
    } else {
      await Promise.all(s.parts.map(scanWorker));
    }
  } catch (e) {
    throw isConnectionFailure(e) ? new UnreachableError(`Kafka connection "${id}" is unreachable: ${describeBrokerError(e)}`) : e;
  }
  flush(true);
  if (!sink.closed) sink.send('done', { ...progress(), reason: reason ?? 'end' } satisfies ScanDone);
}
