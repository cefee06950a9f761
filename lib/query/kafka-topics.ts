'use client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AlterTopicConfigsInput, BrokerList, CreateTopicInput, TopicConfigs, TopicConsumerGroups, TopicDetail, TopicList, TopicListQuery } from '@/lib/contracts/kafka';
import { apiFetch } from './api-fetch';

/** The server refreshes its cluster snapshot in the background; polling this often shows each refresh. */
export const TOPIC_LIST_POLL_MS = 10_000;
export const TOPIC_DETAIL_POLL_MS = 5000;
export const BROKER_LIST_POLL_MS = 10_000;
/** Served from the lag sampler's latest tick (every 5 s by default): polling costs the broker nothing. */
export const TOPIC_GROUPS_POLL_MS = 5000;

const base = (conn: string) => `/api/connections/${encodeURIComponent(conn)}`;
const topicBase = (conn: string, topic: string) => `${base(conn)}/topics/${encodeURIComponent(topic)}`;

export const brokerKeys = {
  all: (conn: string) => ['connections', conn, 'brokers'] as const,
};

export const topicKeys = {
  all: (conn: string) => ['connections', conn, 'topics'] as const,
  list: (conn: string, filters: TopicListQuery) => [...topicKeys.all(conn), 'list', filters] as const,
  detail: (conn: string, topic: string) => [...topicKeys.all(conn), 'detail', topic] as const,
  configs: (conn: string, topic: string) => [...topicKeys.detail(conn, topic), 'configs'] as const,
  consumerGroups: (conn: string, topic: string) => [...topicKeys.detail(conn, topic), 'consumer-groups'] as const,
};

export function useBrokersQuery(conn: string) {
  return useQuery({ queryKey: brokerKeys.all(conn), queryFn: () => apiFetch<BrokerList>(`${base(conn)}/brokers`), refetchInterval: BROKER_LIST_POLL_MS });
}

export function useTopicsQuery(conn: string, filters: TopicListQuery) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== '') params.set(k, String(v));
  return useQuery({
    queryKey: topicKeys.list(conn, filters),
    queryFn: () => apiFetch<TopicList>(`${base(conn)}/topics?${params}`),
    refetchInterval: TOPIC_LIST_POLL_MS,
    placeholderData: keepPreviousData,
  });
}

export function useTopicQuery(conn: string, topic: string) {
  return useQuery({ queryKey: topicKeys.detail(conn, topic), queryFn: () => apiFetch<TopicDetail>(topicBase(conn, topic)), refetchInterval: TOPIC_DETAIL_POLL_MS });
}

export function useTopicConfigsQuery(conn: string, topic: string) {
  return useQuery({ queryKey: topicKeys.configs(conn, topic), queryFn: () => apiFetch<TopicConfigs>(`${topicBase(conn, topic)}/configs`) });
}

export function useTopicConsumerGroupsQuery(conn: string, topic: string) {
  return useQuery({
    queryKey: topicKeys.consumerGroups(conn, topic),
    queryFn: () => apiFetch<TopicConsumerGroups>(`${topicBase(conn, topic)}/consumer-groups`),
    refetchInterval: TOPIC_GROUPS_POLL_MS,
  });
}

function useInvalidateTopics(conn: string) {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: topicKeys.all(conn) }), qc.invalidateQueries({ queryKey: brokerKeys.all(conn) })]);
}

export function useCreateTopicMutation(conn: string) {
  const invalidate = useInvalidateTopics(conn);
  return useMutation({
    mutationFn: (input: CreateTopicInput) => apiFetch<{ ok: true }>(`${base(conn)}/topics`, { method: 'POST', body: JSON.stringify(input) }),
    onSuccess: invalidate,
  });
}

export function useDeleteTopicMutation(conn: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (topic: string) => apiFetch<{ ok: true }>(topicBase(conn, topic), { method: 'DELETE' }),
    // Refresh every topic query except the deleted topic's own, which would only fetch 404s while the
    // page navigates away (and unmounting it mid-mutation would drop the caller's navigation).
    onSuccess: (_d, topic) => {
      const gone = topicKeys.detail(conn, topic);
      return qc.invalidateQueries({
        queryKey: topicKeys.all(conn),
        predicate: (q) => !gone.every((part, i) => q.queryKey[i] === part),
      });
    },
  });
}

export function useAlterTopicConfigsMutation(conn: string, topic: string) {
  const invalidate = useInvalidateTopics(conn);
  return useMutation({
    mutationFn: (input: AlterTopicConfigsInput) => apiFetch<TopicConfigs>(`${topicBase(conn, topic)}/configs`, { method: 'PATCH', body: JSON.stringify(input) }),
    onSuccess: invalidate,
  });
}

export function useAddPartitionsMutation(conn: string, topic: string) {
  const invalidate = useInvalidateTopics(conn);
  return useMutation({
    mutationFn: (partitions: number) => apiFetch<{ ok: true }>(`${topicBase(conn, topic)}/partitions`, { method: 'POST', body: JSON.stringify({ partitions }) }),
    onSuccess: invalidate,
  });
}
