import 'server-only';
import type { SCHEMA_DETECTION } from '@/lib/contracts/kafka-messages';
import type { KafkaConnectionConfig, SchemaRef } from '../../config/schema';
import type { Codec } from './codec';
import { codecOf } from './compile';

/**
 * Where schemas come from. Local files from the config today; a schema registry would be another source behind the
 * same two questions.
 */
export interface SchemaSource {
  /** The schema a Confluent header's id names: null when this source has none by that id, an Error when it is broken. */
  byId(id: number): Codec | Error | null;
}

export type Side = 'key' | 'value';
export type SideSchema = { ref: SchemaRef; codec: () => Codec | Error };

/** What one topic's keys and values are decoded with. */
export type TopicSchemas = {
  detect: readonly (typeof SCHEMA_DETECTION)[number][];
  key: SideSchema | null;
  value: SideSchema | null;
  source: SchemaSource;
};

/** The schemas of a connection's config that carry an id. */
export function localSchemaSource(conn: Pick<KafkaConnectionConfig, 'schemas'>): SchemaSource {
  const byId = new Map<number, SchemaRef>();
  for (const entry of conn.schemas) {
    for (const ref of [entry.key, entry.value]) if (ref?.id !== undefined) byId.set(ref.id, ref);
  }
  return {
    byId(id) {
      const ref = byId.get(id);
      return ref ? codecOf(ref) : null;
    },
  };
}

const side = (ref: SchemaRef | undefined): SideSchema | null => (ref ? { ref, codec: () => codecOf(ref) } : null);

/** The first `schemas` entry whose pattern matches the whole topic name; null when none does. */
export function schemasForTopic(conn: Pick<KafkaConnectionConfig, 'schemas'>, topic: string, source: SchemaSource = localSchemaSource(conn)): TopicSchemas | null {
  // Config patterns are trusted (they come from the config file); anchored, so "orders" is not also "orders-dlq".
  const entry = conn.schemas.find((e) => new RegExp(`^(?:${e.topic})$`).test(topic));
  if (!entry) return null;
  return { detect: entry.detect, key: side(entry.key), value: side(entry.value), source };
}
