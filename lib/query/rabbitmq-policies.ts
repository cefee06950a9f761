'use client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PolicyBody, PolicyKind, PolicyList, PolicyMutationResponse, PolicyPreview, PolicyPreviewBody } from '@/lib/contracts/rabbitmq-policies';
import { apiFetch } from './api-fetch';
import { RABBITMQ_POLL_MS, rabbitApi, rabbitKeys } from './rabbitmq-keys';

const COLLECTION: Record<PolicyKind, string> = { policy: 'policies', operator: 'operator-policies' };

export const policyKeys = {
  all: (conn: string) => [...rabbitKeys.all(conn), 'policies'] as const,
  list: (conn: string, kind: PolicyKind, vhost: string | undefined) => [...policyKeys.all(conn), kind, 'list', vhost ?? '*'] as const,
  preview: (conn: string, kind: PolicyKind, vhost: string, name: string, body: PolicyPreviewBody) => [...policyKeys.all(conn), kind, 'preview', vhost, name, body] as const,
};

export function usePoliciesQuery(conn: string, kind: PolicyKind, vhost: string | undefined) {
  return useQuery({
    queryKey: policyKeys.list(conn, kind, vhost),
    queryFn: () => apiFetch<PolicyList>(`${rabbitApi(conn, 'rabbitmq', COLLECTION[kind])}${vhost ? `?vhost=${encodeURIComponent(vhost)}` : ''}`),
    refetchInterval: RABBITMQ_POLL_MS,
  });
}

/** A POST that only reads: what the change would do now. `body` null: nothing to preview yet. */
export function usePolicyPreviewQuery(conn: string, kind: PolicyKind, vhost: string, name: string, body: PolicyPreviewBody | null) {
  return useQuery({
    queryKey: policyKeys.preview(conn, kind, vhost, name, body ?? { action: 'delete' }),
    queryFn: () => apiFetch<PolicyPreview>(`${rabbitApi(conn, 'rabbitmq', COLLECTION[kind], vhost, name)}/preview`, { method: 'POST', body: JSON.stringify(body) }),
    enabled: !!body && !!vhost && !!name,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** A policy changes what is in effect on queues and exchanges: the connection's whole RabbitMQ cache goes. */
export function usePutPolicyMutation(conn: string, kind: PolicyKind) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ vhost, name, body }: { vhost: string; name: string; body: PolicyBody }) =>
      apiFetch<PolicyMutationResponse>(rabbitApi(conn, 'rabbitmq', COLLECTION[kind], vhost, name), { method: 'PUT', body: JSON.stringify(body) }),
    onSuccess: () => client.invalidateQueries({ queryKey: rabbitKeys.all(conn) }),
  });
}

export function useDeletePolicyMutation(conn: string, kind: PolicyKind) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ vhost, name }: { vhost: string; name: string }) =>
      apiFetch<PolicyMutationResponse>(`${rabbitApi(conn, 'rabbitmq', COLLECTION[kind], vhost, name)}?${new URLSearchParams({ confirm: name })}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: rabbitKeys.all(conn) }),
  });
}
