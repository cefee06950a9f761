'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { GroupDetail, GroupList, GroupOffsets, ResetOffsetsRequest, ResetOffsetsResult } from '@/lib/contracts/groups';
import { apiFetch } from './api-fetch';

/** Fallback refresh when the live stream is not connected; the server answers from its sampler, not the broker. */
export const GROUPS_POLL_MS = 15_000;

export const groupKeys = {
  all: (conn: string) => ['connections', conn, 'consumer-groups'] as const,
  list: (conn: string) => [...groupKeys.all(conn), 'list'] as const,
  detail: (conn: string, group: string) => [...groupKeys.all(conn), 'detail', group] as const,
  offsets: (conn: string, group: string) => [...groupKeys.all(conn), 'offsets', group] as const,
};

const base = (conn: string) => `/api/connections/${encodeURIComponent(conn)}/consumer-groups`;
const groupPath = (conn: string, group: string) => `${base(conn)}/${encodeURIComponent(group)}`;

export function useGroupsQuery(conn: string) {
  return useQuery({ queryKey: groupKeys.list(conn), queryFn: () => apiFetch<GroupList>(base(conn)), refetchInterval: GROUPS_POLL_MS });
}

export function useGroupQuery(conn: string, group: string) {
  return useQuery({ queryKey: groupKeys.detail(conn, group), queryFn: () => apiFetch<GroupDetail>(groupPath(conn, group)), refetchInterval: GROUPS_POLL_MS });
}

export function useGroupOffsetsQuery(conn: string, group: string, enabled = true) {
  return useQuery({ queryKey: groupKeys.offsets(conn, group), queryFn: () => apiFetch<GroupOffsets>(`${groupPath(conn, group)}/offsets`), enabled });
}

/** Dry runs and resets share one mutation; only an applied reset invalidates the group's data. */
export function useResetOffsetsMutation(conn: string, group: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (req: ResetOffsetsRequest) => apiFetch<ResetOffsetsResult>(`${groupPath(conn, group)}/offsets`, { method: 'POST', body: JSON.stringify(req) }),
    onSuccess: (result) => {
      if (result.applied) void client.invalidateQueries({ queryKey: groupKeys.all(conn) });
    },
  });
}

export function useDeleteGroupMutation(conn: string, group: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ groupId: string; deleted: true }>(groupPath(conn, group), { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: groupKeys.all(conn) }),
  });
}
