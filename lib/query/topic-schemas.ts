'use client';
import { useQuery } from '@tanstack/react-query';
import { SCHEMA_CHECK_MAX_CHARS, type SchemaCheckResult, type TopicSchemasResult } from '@/lib/contracts/kafka-messages';
import { apiFetch } from './api-fetch';
import { topicKeys } from './kafka-topics';

export const topicSchemaKeys = {
  all: (conn: string, topic: string) => [...topicKeys.detail(conn, topic), 'schemas'] as const,
  check: (conn: string, topic: string, side: 'key' | 'value', data: string) => [...topicSchemaKeys.all(conn, topic), 'check', side, data] as const,
};

const schemasUrl = (conn: string, topic: string, suffix = '') => `/api/connections/${encodeURIComponent(conn)}/topics/${encodeURIComponent(topic)}/schemas${suffix}`;

/** The schemas a topic's keys and values are produced with (config; does not change while Wharf runs). */
export function useTopicSchemasQuery(conn: string, topic: string) {
  return useQuery({ queryKey: topicSchemaKeys.all(conn, topic), queryFn: () => apiFetch<TopicSchemasResult>(schemasUrl(conn, topic)), staleTime: Infinity });
}

/** Why `data` would not fit the side's schema; off while `enabled` is false (the field is not schema-encoded). */
export function useSchemaCheckQuery(conn: string, topic: string, side: 'key' | 'value', data: string, enabled: boolean) {
  return useQuery({
    queryKey: topicSchemaKeys.check(conn, topic, side, data),
    queryFn: () => apiFetch<SchemaCheckResult>(`${schemasUrl(conn, topic, '/check')}?${new URLSearchParams({ side, data }).toString()}`),
    enabled: enabled && data.length <= SCHEMA_CHECK_MAX_CHARS,
    staleTime: Infinity,
  });
}
