import 'server-only';
import type { BrowseQuery, BrowseResult } from '@/lib/contracts/kafka-messages';
import { callerMaskPlan } from '../../auth/caller-masking';
import { maskKafkaMessage } from '../../auth/masking';
import { getConnectorOf } from '../../connections/registry';
import { BadRequestError } from '../../http/errors';
import { withCluster } from '../cluster';
import type { KafkaConnector } from '../connector';
import { decodeCursor, encodeCursor } from './cursor';
import { offsetsForTime, readBackward, readForward, topicPartitions, type PartitionInfo } from './read';
import { topicSchemas } from '../../messages/schemas/topic-schemas';
import { toMessage, type ReadRecord } from './to-message';

/** Reading 1,000 large messages from many partitions can take a while; still bounded. */
const BROWSE_TIMEOUT_MS = 30_000;

export type ReadPlan = { dir: 'forward' | 'backward'; positions: Map<number, number> };

type StartQuery = Pick<BrowseQuery, 'from' | 'offset' | 'timestamp' | 'cursor' | 'isolation'>;

/** Where each partition starts (forward) or ends (backward), from the query or a cursor. */
export async function planRead(connector: KafkaConnector, topic: string, parts: PartitionInfo[], q: StartQuery): Promise<ReadPlan> {
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    const positions = new Map<number, number>();
    for (const p of parts) {
      const at = c.positions.get(p.partition);
      if (at !== undefined) positions.set(p.partition, Math.min(Math.max(at, p.low), p.high));
    }
    return { dir: c.dir === 'newer' ? 'forward' : 'backward', positions };
  }
  switch (q.from) {
    case 'earliest':
      return { dir: 'forward', positions: new Map(parts.map((p) => [p.partition, p.low])) };
    case 'latest':
      return { dir: 'backward', positions: new Map(parts.map((p) => [p.partition, p.high])) };
    case 'timestamp': {
      if (q.timestamp === undefined) throw new BadRequestError('Invalid query parameter timestamp: required when from=timestamp');
      return { dir: 'forward', positions: await offsetsForTime(connector, topic, parts, q.timestamp, q.isolation) };
    }
    case 'offset': {
      const offset = q.offset;
      if (offset === undefined) throw new BadRequestError('Invalid query parameter offset: required when from=offset');
      const only = parts.length === 1 ? parts[0] : undefined;
      if (only && (offset < only.low || offset > only.high)) {
        // Past the last stable offset but below the high watermark: there, but in a transaction not decided yet.
        const held = only.high < only.highWatermark && offset < only.highWatermark ? `; offsets from ${only.high} on wait for an open transaction (read uncommitted to see them)` : '';
        throw new BadRequestError(`Offset ${offset} is out of range for partition ${only.partition} of "${topic}": it holds offsets ${only.low} to ${only.high - 1}${held}`);
      }
      // Over several partitions one offset rarely fits all; each partition starts at the nearest offset it has.
      return { dir: 'forward', positions: new Map(parts.map((p) => [p.partition, Math.min(Math.max(offset, p.low), p.high)])) };
    }
  }
}

const byTime = (a: ReadRecord, b: ReadRecord) => a.timestamp - b.timestamp || a.partition - b.partition || a.offset - b.offset;

export async function browseMessages(id: string, topic: string, q: BrowseQuery): Promise<BrowseResult> {
  const connector = getConnectorOf(id, 'kafka');
  const masking = callerMaskPlan(id, topic);
  return withCluster(
    connector,
    'read messages',
    async (c) => {
      const parts = await topicPartitions(c, topic, q.partitions, id, q.isolation);
      const plan = await planRead(c, topic, parts, q);
      const active = parts.filter((p) => plan.positions.has(p.partition));
      const perPartition = await Promise.all(
        active.map((p) => {
          const at = plan.positions.get(p.partition) ?? p.low;
          return plan.dir === 'forward' ? readForward(c, topic, p, at, p.high, q.limit, q.isolation) : readBackward(c, topic, p, at, q.limit, q.isolation);
        }),
      );
      // Merge partitions by time: forward keeps the oldest `limit`, backward the newest.
      const all = perPartition.flat().sort(byTime);
      const taken = plan.dir === 'forward' ? all.slice(0, q.limit) : all.slice(-q.limit);
      const older = new Map<number, number>();
      const newer = new Map<number, number>();
      for (const p of active) {
        const mine = taken.filter((r) => r.partition === p.partition);
        const at = plan.positions.get(p.partition) ?? p.low;
        if (plan.dir === 'forward') {
          older.set(p.partition, at);
          newer.set(p.partition, mine.length ? mine[mine.length - 1].offset + 1 : at);
        } else {
          older.set(p.partition, mine.length ? mine[0].offset : at);
          newer.set(p.partition, at);
        }
      }
      const hasOlder = active.some((p) => (older.get(p.partition) ?? p.low) > p.low);
      const decode = { keyMode: q.keyMode, valueMode: q.valueMode, previewBytes: q.preview === 'full' ? Number.MAX_SAFE_INTEGER : undefined, schemas: topicSchemas(id, topic) };
      const ordered = q.order === 'asc' ? taken : [...taken].reverse();
      return {
        messages: ordered.map((r) => maskKafkaMessage(toMessage(r, decode), masking)),
        older: hasOlder ? encodeCursor({ dir: 'older', positions: older }) : null,
        newer: encodeCursor({ dir: 'newer', positions: newer }),
        partitions: parts.map((p) => ({ partition: p.partition, low: p.low, high: p.high, highWatermark: p.highWatermark })),
      };
    },
    BROWSE_TIMEOUT_MS,
  );
}
