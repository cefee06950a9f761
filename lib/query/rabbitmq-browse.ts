'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Binding, Exchange, ExchangeDetail, QueueDetail, QueueList, QueueListQuery, RabbitOverview, Vhost } from '@/lib/contracts/rabbitmq';
import { apiFetch } from './api-fetch';
import { RABBITMQ_POLL_MS, rabbitApi, rabbitKeys } from './rabbitmq-keys';

const vhostQuery = (vhost: string | undefined) => (vhost ? `?vhost=${encodeURIComponent(vhost)}` : '');

export function useRabbitOverviewQuery(conn: string) {
  return useQuery({ queryKey: rabbitKeys.overview(conn), queryFn: () => apiFetch<RabbitOverview>(rabbitApi(conn, 'overview')), refetchInterval: RABBITMQ_POLL_MS });
}

export function useVhostsQuery(conn: string) {
  return useQuery({ queryKey: rabbitKeys.vhosts(conn), queryFn: async () => (await apiFetch<{ vhosts: Vhost[] }>(rabbitApi(conn, 'vhosts'))).vhosts });
}

export function useExchangesQuery(conn: string, vhost: string | undefined) {
  return useQuery({
    queryKey: rabbitKeys.exchanges(conn, vhost),
    queryFn: async () => (await apiFetch<{ exchanges: Exchange[] }>(`${rabbitApi(conn, 'exchanges')}${vhostQuery(vhost)}`)).exchanges,
    refetchInterval: RABBITMQ_POLL_MS,
  });
}

export function useExchangeQuery(conn: string, vhost: string, name: string) {
  return useQuery({ queryKey: rabbitKeys.exchange(conn, vhost, name), queryFn: () => apiFetch<ExchangeDetail>(rabbitApi(conn, 'exchanges', vhost, name)), refetchInterval: RABBITMQ_POLL_MS });
}

export function useQueuesQuery(conn: string, filters: QueueListQuery) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== '') params.set(k, String(v));
  return useQuery({
    queryKey: rabbitKeys.queues(conn, filters),
    queryFn: () => apiFetch<QueueList>(`${rabbitApi(conn, 'queues')}?${params}`),
    refetchInterval: RABBITMQ_POLL_MS,
    placeholderData: keepPreviousData,
  });
}

export function useQueueQuery(conn: string, vhost: string, name: string) {
  return useQuery({ queryKey: rabbitKeys.queue(conn, vhost, name), queryFn: () => apiFetch<QueueDetail>(rabbitApi(conn, 'queues', vhost, name)), refetchInterval: RABBITMQ_POLL_MS });
}

export function useBindingsQuery(conn: string, vhost: string | undefined) {
  return useQuery({
    queryKey: rabbitKeys.bindings(conn, vhost),
    queryFn: async () => (await apiFetch<{ bindings: Binding[] }>(`${rabbitApi(conn, 'bindings')}${vhostQuery(vhost)}`)).bindings,
    refetchInterval: RABBITMQ_POLL_MS,
  });
}
