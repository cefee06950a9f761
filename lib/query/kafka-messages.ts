'use client';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { BrowseResult, KafkaMessage, ProduceBody, ProduceResult } from '@/lib/contracts/kafka-messages';
import { apiFetch } from './api-fetch';
import { topicKeys } from './kafka-topics';

export const messageKeys = {
  all: (conn: string, topic: string) => [...topicKeys.detail(conn, topic), 'messages'] as const,
  page: (conn: string, topic: string, query: string) => [...messageKeys.all(conn, topic), query] as const,
};

export function messagesUrl(conn: string, topic: string, suffix = ''): string {
  return `/api/connections/${encodeURIComponent(conn)}/topics/${encodeURIComponent(topic)}/messages${suffix}`;
}

/** One page of messages; the browser keeps pages itself, since cursors go both ways. */
export function fetchMessagePage(conn: string, topic: string, query: URLSearchParams): Promise<BrowseResult> {
  return apiFetch<BrowseResult>(`${messagesUrl(conn, topic)}?${query}`);
}

/** One message with every field whole (the list truncates large ones); null when retention or compaction removed it. */
export async function fetchFullMessage(
  conn: string,
  topic: string,
  m: Pick<KafkaMessage, 'partition' | 'offset'>,
  modes: { keyMode: string; valueMode: string; isolation?: string },
): Promise<KafkaMessage | null> {
  const q = new URLSearchParams({ partitions: String(m.partition), from: 'offset', offset: String(m.offset), limit: '1', preview: 'full', ...modes });
  const page = await fetchMessagePage(conn, topic, q);
  return page.messages.find((x) => x.partition === m.partition && x.offset === m.offset) ?? null;
}

export function useProduceMutation(conn: string, topic: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ProduceBody) => apiFetch<ProduceResult>(messagesUrl(conn, topic), { method: 'POST', body: JSON.stringify(body) }),
    onSuccess: () => qc.invalidateQueries({ queryKey: topicKeys.detail(conn, topic) }),
  });
}

/**
 * Pages of messages for one set of browse parameters. Pages extend both ways: the `older` cursor of
 * the first page and the `newer` cursor of the last (a newer page may be empty: nothing new yet).
 */
export function useMessagePagesQuery(conn: string, topic: string, query: URLSearchParams, enabled = true) {
  const key = query.toString();
  return useInfiniteQuery({
    queryKey: messageKeys.page(conn, topic, key),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const q = new URLSearchParams(query);
      if (pageParam) q.set('cursor', pageParam);
      return fetchMessagePage(conn, topic, q);
    },
    getNextPageParam: (last) => last.newer,
    getPreviousPageParam: (first) => first.older,
    // Message pages are a read at a point in time; the user asks for more explicitly.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    enabled,
  });
}
