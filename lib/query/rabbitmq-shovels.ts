'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateShovelBody, FederationLink, FederationList, Shovel, ShovelList, ShovelPreview } from '@/lib/contracts/rabbitmq-shovels';
import { apiFetch } from './api-fetch';
import { RABBITMQ_POLL_MS, rabbitApi, rabbitKeys } from './rabbitmq-keys';

/** Shovel states change within seconds of a restart or a broker going away: polled like the other RabbitMQ lists. */
export const SHOVEL_POLL_MS = RABBITMQ_POLL_MS;

export const shovelKeys = {
  all: (conn: string) => [...rabbitKeys.all(conn), 'shovels'] as const,
  list: (conn: string, vhost: string | undefined) => [...shovelKeys.all(conn), 'list', vhost ?? '*'] as const,
  detail: (conn: string, vhost: string, name: string) => [...shovelKeys.all(conn), 'detail', vhost, name] as const,
  federation: (conn: string, vhost: string | undefined) => [...shovelKeys.all(conn), 'federation', vhost ?? '*'] as const,
};

const vhostQuery = (vhost: string | undefined) => (vhost ? `?${new URLSearchParams({ vhost })}` : '');

export function useShovelsQuery(conn: string, vhost: string | undefined) {
  return useQuery({
    queryKey: shovelKeys.list(conn, vhost),
    queryFn: async () => (await apiFetch<ShovelList>(`${rabbitApi(conn, 'rabbitmq', 'shovels')}${vhostQuery(vhost)}`)).shovels,
    refetchInterval: SHOVEL_POLL_MS,
  });
}

/** Read fresh when the delete dialog opens: its preview is the shovel's state and definition now. */
export function useShovelQuery(conn: string, vhost: string, name: string) {
  return useQuery({ queryKey: shovelKeys.detail(conn, vhost, name), queryFn: () => apiFetch<Shovel>(rabbitApi(conn, 'rabbitmq', 'shovels', vhost, name)), refetchInterval: SHOVEL_POLL_MS });
}

export function useFederationQuery(conn: string, vhost: string | undefined) {
  return useQuery({
    queryKey: shovelKeys.federation(conn, vhost),
    queryFn: () => apiFetch<FederationList>(`${rabbitApi(conn, 'rabbitmq', 'federation-links')}${vhostQuery(vhost)}`),
    refetchInterval: SHOVEL_POLL_MS,
  });
}

export function useShovelPreviewMutation(conn: string) {
  return useMutation({ mutationFn: (body: CreateShovelBody) => apiFetch<ShovelPreview>(rabbitApi(conn, 'rabbitmq', 'shovels', 'preview'), { method: 'POST', body: JSON.stringify(body) }) });
}

/** A shovel moves messages between queues: the whole RabbitMQ cache of the connection goes stale with it. */
export function useCreateShovelMutation(conn: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateShovelBody) => apiFetch<{ ok: true; name: string; vhost: string }>(rabbitApi(conn, 'rabbitmq', 'shovels'), { method: 'POST', body: JSON.stringify(body) }),
    onSuccess: () => client.invalidateQueries({ queryKey: rabbitKeys.all(conn) }),
  });
}

export function useDeleteShovelMutation(conn: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ vhost, name }: { vhost: string; name: string }) => apiFetch<{ ok: true }>(`${rabbitApi(conn, 'rabbitmq', 'shovels', vhost, name)}?${new URLSearchParams({ confirm: name })}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: shovelKeys.all(conn) }),
  });
}

export function useRestartShovelMutation(conn: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ vhost, name }: { vhost: string; name: string }) => apiFetch<{ ok: true }>(rabbitApi(conn, 'rabbitmq', 'shovels', vhost, name, 'restart'), { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: shovelKeys.all(conn) }),
  });
}

export function useRestartFederationLinkMutation(conn: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (l: Pick<FederationLink, 'vhost' | 'id'> & { node: string }) => apiFetch<{ ok: true }>(`${rabbitApi(conn, 'rabbitmq', 'federation-links', l.vhost, l.id, 'restart')}?${new URLSearchParams({ node: l.node })}`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: shovelKeys.all(conn) }),
  });
}
