'use client';
import { useQuery } from '@tanstack/react-query';
import type { ConnectionList, ConnectionSummary } from '@/lib/contracts/connections';
import { apiFetch } from './api-fetch';

/** How often connection status is refreshed in the browser; the server caches probes, so viewers are cheap. */
export const CONNECTION_STATUS_POLL_MS = 5000;

export const connectionKeys = {
  all: ['connections'] as const,
  list: () => [...connectionKeys.all, 'list'] as const,
  detail: (id: string) => [...connectionKeys.all, 'detail', id] as const,
};

export function useConnectionsQuery() {
  return useQuery({
    queryKey: connectionKeys.list(),
    queryFn: () => apiFetch<ConnectionList>('/api/connections'),
    refetchInterval: CONNECTION_STATUS_POLL_MS,
  });
}

export function useConnectionQuery(id: string) {
  return useQuery({
    queryKey: connectionKeys.detail(id),
    queryFn: () => apiFetch<ConnectionSummary>(`/api/connections/${encodeURIComponent(id)}`),
    refetchInterval: CONNECTION_STATUS_POLL_MS,
  });
}
