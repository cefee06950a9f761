'use client';
import { useQuery } from '@tanstack/react-query';
import type { ShareGroupDetail, ShareGroupList } from '@/lib/contracts/share-groups';
import { apiFetch, ApiRequestError } from './api-fetch';

/** Share groups are read live from their coordinators on each request: a slower refresh than the sampled groups. */
export const SHARE_GROUPS_POLL_MS = 10_000;

export const shareGroupKeys = {
  all: (conn: string) => ['connections', conn, 'share-groups'] as const,
  list: (conn: string) => [...shareGroupKeys.all(conn), 'list'] as const,
  detail: (conn: string, group: string) => [...shareGroupKeys.all(conn), 'detail', group] as const,
};

const base = (conn: string) => `/api/connections/${encodeURIComponent(conn)}/share-groups`;

/** A cluster without share groups (501) or a missing group (404) will not change by asking again at once. */
export const retryUnlessFinal = (failures: number, error: unknown) => !(error instanceof ApiRequestError && (error.status === 501 || error.status === 404)) && failures < 2;
/** Stop polling a cluster that has no share groups. */
const pollUnlessUnsupported = (error: unknown) => (error instanceof ApiRequestError && error.status === 501 ? false : SHARE_GROUPS_POLL_MS);

export function useShareGroupsQuery(conn: string) {
  return useQuery({
    queryKey: shareGroupKeys.list(conn),
    queryFn: () => apiFetch<ShareGroupList>(base(conn)),
    refetchInterval: (q) => pollUnlessUnsupported(q.state.error),
    retry: retryUnlessFinal,
  });
}

export function useShareGroupQuery(conn: string, group: string) {
  return useQuery({
    queryKey: shareGroupKeys.detail(conn, group),
    queryFn: () => apiFetch<ShareGroupDetail>(`${base(conn)}/${encodeURIComponent(group)}`),
    refetchInterval: (q) => pollUnlessUnsupported(q.state.error),
    retry: retryUnlessFinal,
  });
}
