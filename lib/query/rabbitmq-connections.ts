'use client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelList, ChannelListQuery, ConnectionDetail, ConnectionList, ConnectionListQuery, ConsumerList } from '@/lib/contracts/rabbitmq-connections';
import { apiFetch } from './api-fetch';
import { RABBITMQ_POLL_MS, rabbitApi, rabbitKeys } from './rabbitmq-keys';

export function useClientConnectionsQuery(conn: string, filters: ConnectionListQuery) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== '') params.set(k, String(v));
  return useQuery({
    queryKey: rabbitKeys.clientConnections(conn, filters),
    queryFn: () => apiFetch<ConnectionList>(`${rabbitApi(conn, 'rabbitmq', 'connections')}?${params}`),
    refetchInterval: RABBITMQ_POLL_MS,
    placeholderData: keepPreviousData,
  });
}

export function useClientConnectionQuery(conn: string, name: string) {
  return useQuery({ queryKey: rabbitKeys.clientConnection(conn, name), queryFn: () => apiFetch<ConnectionDetail>(rabbitApi(conn, 'rabbitmq', 'connections', name)), refetchInterval: RABBITMQ_POLL_MS });
}

export function useChannelsQuery(conn: string, filters: ChannelListQuery) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== '') params.set(k, String(v));
  return useQuery({
    queryKey: rabbitKeys.channels(conn, filters),
    queryFn: () => apiFetch<ChannelList>(`${rabbitApi(conn, 'rabbitmq', 'channels')}?${params}`),
    refetchInterval: RABBITMQ_POLL_MS,
    placeholderData: keepPreviousData,
  });
}

export function useConsumersQuery(conn: string, vhost: string | undefined) {
  return useQuery({
    queryKey: rabbitKeys.consumers(conn, vhost),
    queryFn: async () => (await apiFetch<ConsumerList>(`${rabbitApi(conn, 'rabbitmq', 'consumers')}${vhost ? `?vhost=${encodeURIComponent(vhost)}` : ''}`)).consumers,
    refetchInterval: RABBITMQ_POLL_MS,
  });
}

/** Closing changes connection, channel and consumer counts everywhere: the connection's whole RabbitMQ cache goes. */
export function useCloseConnectionMutation(conn: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ name, reason }: { name: string; reason: string }) =>
      apiFetch<{ ok: true; reason: string }>(`${rabbitApi(conn, 'rabbitmq', 'connections', name)}?${new URLSearchParams({ confirm: name, ...(reason ? { reason } : {}) })}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: rabbitKeys.all(conn) }),
  });
}
