import 'server-only';
import type { KafkaConnector } from '../kafka/connector';

/** Sum of a topic's end offsets (per partition when asked): what a write must advance by exactly its count. */
export async function topicEndOffsets(kafka: KafkaConnector, topic: string): Promise<Map<number, number>> {
  const offsets = await kafka.call(`offsets of ${topic}`, (a) => a.fetchTopicOffsets(topic));
  return new Map(offsets.map((o) => [o.partition, Number(o.high)]));
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
