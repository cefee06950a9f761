import 'server-only';
import { NotFoundError, UnavailableError } from '../http/errors';
import { clusterMetadata, LATEST, listOffsets, tpKey, withCluster } from '../kafka/cluster';
import type { KafkaConnector } from '../kafka/connector';

/**
 * Jobs run in the background, so a busy broker gets longer than an interactive request before the job fails: on a
 * cluster of 20,000 partitions under load, 4 s was not always enough (and failed a replay at its last step).
 */
const JOB_OFFSETS_TIMEOUT_MS = 30_000;
const UNKNOWN_TOPIC = 3;

/**
 * End offset (high watermark) of every partition of a topic: what a write must advance by exactly its count. One
 * Metadata request for that topic and one ListOffsets per leader (the library's definitions, cluster.ts), not the
 * Admin's metadata, whose refreshes cover every topic it ever saw.
 */
export async function topicEndOffsets(kafka: KafkaConnector, topic: string): Promise<Map<number, number>> {
  const where = `Kafka connection "${kafka.config.id}"`;
  const deadline = Date.now() + JOB_OFFSETS_TIMEOUT_MS;
  return withCluster(
    kafka,
    `offsets of ${topic}`,
    async (c) => {
      for (let attempt = 0; ; attempt++) {
        const t = (await clusterMetadata(c, [topic])).topicMetadata.find((x) => x.topic === topic);
        if (!t || t.topicErrorCode === UNKNOWN_TOPIC) throw new NotFoundError(`Topic "${topic}" does not exist on ${where}`);
        const refs = t.partitionMetadata.map((p) => ({ topic, partition: p.partitionId, leader: p.leader }));
        const ends = await listOffsets(c, refs, LATEST);
        const missing = refs.find((r) => !ends.has(tpKey(topic, r.partition)));
        if (!missing && t.topicErrorCode === 0) return new Map(refs.map((r) => [r.partition, ends.get(tpKey(topic, r.partition))!]));
        // A partition without a leader answering: an election, or a topic just created whose leaders are still
        // loading it. A job waits for it rather than failing, up to its offsets timeout.
        if (Date.now() + 500 > deadline) {
          throw new UnavailableError(`Partition ${missing?.partition ?? '(metadata)'} of "${topic}" on ${where} has no leader answering; try again`);
        }
        await new Promise((r) => setTimeout(r, Math.min(500, 50 * 2 ** Math.min(attempt, 4))));
      }
    },
    JOB_OFFSETS_TIMEOUT_MS,
  );
}

export const sumOffsets = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);

/** Compares how far the target advanced with what the job wrote; other producers on the target show up as a surplus. */
export function verifyAdvance(topic: string, before: Map<number, number>, after: Map<number, number>, written: number): { verified: boolean; detail: string } {
  const advanced = sumOffsets(after) - sumOffsets(before);
  if (advanced === written) return { verified: true, detail: `${topic}'s end offsets advanced by ${advanced}, exactly the ${written} written` };
  return {
    verified: false,
    detail: `${topic}'s end offsets advanced by ${advanced} but ${written} were written${advanced > written ? ' (another producer may be writing to it)' : ''}`,
  };
}
