'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { roleAtLeast, type AuditEntry, type Me, type Role } from '@/lib/contracts/auth';
import { apiFetch } from './api-fetch';

export const authKeys = {
  all: ['auth'] as const,
  me: () => [...authKeys.all, 'me'] as const,
};

export const auditKeys = {
  all: ['audit'] as const,
  list: (filters: AuditFilters) => [...auditKeys.all, 'list', filters] as const,
};

/** Refreshing who is signed in now and then notices an expired session without a page load. */
export const ME_POLL_MS = 60_000;
export const AUDIT_POLL_MS = 10_000;

export function useMeQuery() {
  return useQuery({ queryKey: authKeys.me(), queryFn: () => apiFetch<Me>('/api/auth/me'), refetchInterval: ME_POLL_MS, staleTime: 30_000 });
}

/** The caller's role on a connection (without login everyone is the local admin); null while unknown. */
export function useConnectionRole(connection: string | null): Role | null {
  const { data } = useMeQuery();
  if (!data) return null;
  if (!data.authEnabled) return 'admin';
  const user = data.user;
  if (!user) return null;
  return (connection !== null && user.connectionRoles[connection]) || user.defaultRole;
}

/** Whether to show an action that needs `role` on `connection`; the server checks again whatever the UI shows. */
export function useCan(connection: string | null, role: Role): boolean {
  return roleAtLeast(useConnectionRole(connection), role);
}

export function useLoginMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) => apiFetch<Me>('/api/auth/login', { method: 'POST', body: JSON.stringify(body) }),
    onSuccess: () => qc.invalidateQueries(),
  });
}

export function useLogoutMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ ok: true }>('/api/auth/logout', { method: 'POST' }),
    onSuccess: () => {
      qc.clear();
      // A full page load, so nothing of the signed-out user's data stays in memory.
      window.location.assign(new URL('/login', window.location.origin));
    },
  });
}

export type AuditFilters = { username?: string; connection?: string; method?: string; outcome?: string; q?: string };

export function auditUrl(filters: AuditFilters, format: 'json' | 'jsonl' = 'json'): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  if (format === 'jsonl') params.set('format', 'jsonl');
  const qs = params.toString();
  return `/api/audit${qs ? `?${qs}` : ''}`;
}

export function useAuditQuery(filters: AuditFilters) {
  return useQuery({
    queryKey: auditKeys.list(filters),
    queryFn: () => apiFetch<{ entries: AuditEntry[] }>(auditUrl(filters)),
    refetchInterval: AUDIT_POLL_MS,
  });
}
