'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateBindingBody, CreateExchangeBody, CreateQueueBody, DeleteBindingBody } from '@/lib/contracts/rabbitmq';
import type { PublishBody } from '@/lib/contracts/rabbitmq-messages';
import { apiFetch } from './api-fetch';
import { rabbitApi, rabbitKeys } from './rabbitmq-keys';

type Target = { vhost: string; name: string };

/** Every RabbitMQ mutation invalidates the connection's whole RabbitMQ cache: counts move everywhere at once. */
function useRabbitMutation<V, R>(conn: string, fn: (v: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries({ queryKey: rabbitKeys.all(conn) }) });
}

const post = (body: unknown, method = 'POST') => ({ method, body: JSON.stringify(body) });
const confirmQuery = (name: string) => `?confirm=${encodeURIComponent(name)}`;

export const useCreateQueueMutation = (conn: string) => useRabbitMutation(conn, (b: CreateQueueBody) => apiFetch<{ ok: true }>(rabbitApi(conn, 'queues'), post(b)));
export const useDeleteQueueMutation = (conn: string) =>
  useRabbitMutation(conn, (t: Target) => apiFetch<{ ok: true }>(`${rabbitApi(conn, 'queues', t.vhost, t.name)}${confirmQuery(t.name)}`, { method: 'DELETE' }));
export const usePurgeQueueMutation = (conn: string) =>
  useRabbitMutation(conn, (t: Target) => apiFetch<{ purged: number }>(`${rabbitApi(conn, 'queues', t.vhost, t.name, 'contents')}${confirmQuery(t.name)}`, { method: 'DELETE' }));
export const useCreateExchangeMutation = (conn: string) => useRabbitMutation(conn, (b: CreateExchangeBody) => apiFetch<{ ok: true }>(rabbitApi(conn, 'exchanges'), post(b)));
export const useDeleteExchangeMutation = (conn: string) =>
  useRabbitMutation(conn, (t: Target) => apiFetch<{ ok: true }>(`${rabbitApi(conn, 'exchanges', t.vhost, t.name)}${confirmQuery(t.name)}`, { method: 'DELETE' }));
export const useCreateBindingMutation = (conn: string) => useRabbitMutation(conn, (b: CreateBindingBody) => apiFetch<{ ok: true }>(rabbitApi(conn, 'bindings'), post(b)));
export const useDeleteBindingMutation = (conn: string) => useRabbitMutation(conn, (b: DeleteBindingBody) => apiFetch<{ ok: true }>(rabbitApi(conn, 'bindings'), post(b, 'DELETE')));
export const usePublishMutation = (conn: string, vhost: string, exchange: string) =>
  useRabbitMutation(conn, (b: PublishBody) => apiFetch<{ routed: boolean }>(rabbitApi(conn, 'exchanges', vhost, exchange, 'publish'), post(b)));
