import type { KafkaMessage } from '@/lib/contracts/kafka-messages';

type Field =
  | { text: string }
  | { base64: string; schemaError?: string }
  | { decoded: unknown; schema: NonNullable<KafkaMessage['key']['schema']>; base64: string }
  | null;

/**
 * Text as text, binary as base64 (with why its schema did not fit), schema-decoded values as their JSON beside the
 * exact bytes; a truncated field is marked so nobody takes it for the whole value.
 */
function field(f: KafkaMessage['key']): Field | { truncated: true; display: string | null; size: number } {
  if (f.encoding === 'null') return null;
  if (f.truncated) return { truncated: true, display: f.display, size: f.size };
  if (f.schema) return { decoded: JSON.parse(f.display ?? 'null') as unknown, schema: f.schema, base64: f.base64 ?? '' };
  if (f.encoding === 'binary') return { base64: f.base64 ?? '', ...(f.schemaError !== undefined && { schemaError: f.schemaError }) };
  return { text: new TextDecoder().decode(Uint8Array.from(atob(f.base64 ?? ''), (c) => c.charCodeAt(0))) };
}

export const isTruncated = (m: KafkaMessage) => m.key.truncated || m.value.truncated || m.headers.some((h) => h.value.truncated);

/**
 * The messages with their truncated ones fetched whole (a few at a time), so an export holds the real bytes; a
 * message that is gone by then stays as it was, its truncated fields marked as such.
 */
export async function withFullValues(messages: KafkaMessage[], fetchFull: (m: KafkaMessage) => Promise<KafkaMessage | null>, concurrency = 4): Promise<KafkaMessage[]> {
  const out = [...messages];
  const todo = out.map((m, i) => [m, i] as const).filter(([m]) => isTruncated(m));
  const worker = async () => {
    for (let next = todo.shift(); next; next = todo.shift()) out[next[1]] = (await fetchFull(next[0])) ?? next[0];
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

/** One JSON object per line: partition, offset, timestamp, key, value, headers (and the transaction state when read uncommitted). */
export function toJsonLines(messages: KafkaMessage[]): string {
  return messages
    .map((m) =>
      JSON.stringify({
        partition: m.partition,
        offset: m.offset,
        timestamp: m.timestamp,
        timestampType: m.timestampType,
        key: field(m.key),
        value: field(m.value),
        headers: m.headers.map((h) => ({ key: h.key, value: field(h.value) })),
        // Read with "show uncommitted": an export of aborted or open records says so.
        ...(m.transaction !== undefined && { transaction: m.transaction }),
      }),
    )
    .join('\n');
}

export function downloadText(filename: string, text: string, type = 'application/x-ndjson'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}
