import 'server-only';
import type { SchemaCheckResult, TopicSchemasResult } from '@/lib/contracts/kafka-messages';
import { getConfig } from '../../config/load';
import { NotFoundError } from '../../http/errors';
import { checkWithSchema } from './field';
import { schemasForTopic, type Side, type TopicSchemas } from './source';

/** The schemas configured for a topic of a Kafka connection; null when none are (or the connection is not Kafka). */
export function topicSchemas(connectionId: string, topic: string): TopicSchemas | null {
  const conn = getConfig().connections.find((c) => c.id === connectionId);
  if (!conn || conn.kind !== 'kafka' || conn.schemas.length === 0) return null;
  return schemasForTopic(conn, topic);
}

/** Which schemas the produce form encodes a topic's keys and values with. */
export function topicSchemasInfo(connectionId: string, topic: string): TopicSchemasResult {
  const t = topicSchemas(connectionId, topic);
  const info = (side: Side) => {
    const own = t?.[side];
    if (!own) return null;
    const codec = own.codec();
    return { format: own.ref.format, id: own.ref.id ?? null, name: codec instanceof Error ? null : codec.name };
  };
  return { key: info('key'), value: info('value') };
}

/** Why JSON text would not be produced with the side's schema; what the produce form shows as it is typed. */
export function checkTopicValue(connectionId: string, topic: string, side: Side, data: string): SchemaCheckResult {
  return { errors: checkWithSchema(data, side, topicSchemas(connectionId, topic)) };
}

/** A 404 for an id that names no Kafka connection, without building its clients. */
export function assertKafkaConnection(connectionId: string): void {
  const conn = getConfig().connections.find((c) => c.id === connectionId);
  if (!conn) throw new NotFoundError(`No connection with id "${connectionId}"`);
  if (conn.kind !== 'kafka') throw new NotFoundError(`Connection "${connectionId}" is a ${conn.kind} connection, not kafka`);
}
