'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateUserBody,
  CreateVhostBody,
  PermissionBody,
  TopicPermissionBody,
  UpdateUserBody,
  UpdateVhostBody,
  UserDeletePreview,
  UserList,
  VhostAdminList,
  VhostDeletePreview,
  VhostLimitName,
} from '@/lib/contracts/rabbitmq-access';
import { apiFetch } from './api-fetch';
import { RABBITMQ_POLL_MS, rabbitApi, rabbitKeys } from './rabbitmq-keys';

type Ok = { ok: true };

/** Users and vhosts of one connection, under its RabbitMQ root (a vhost's deletion moves queue counts too). */
export const accessKeys = {
  all: (conn: string) => [...rabbitKeys.all(conn), 'access'] as const,
  users: (conn: string) => [...accessKeys.all(conn), 'users'] as const,
  userPreview: (conn: string, name: string) => [...accessKeys.all(conn), 'user-preview', name] as const,
  vhosts: (conn: string) => [...accessKeys.all(conn), 'vhosts'] as const,
  vhostPreview: (conn: string, vhost: string) => [...accessKeys.all(conn), 'vhost-preview', vhost] as const,
};

const send = (method: string, body?: unknown): RequestInit => ({ method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const confirm = (name: string) => `?${new URLSearchParams({ confirm: name })}`;

export const useRabbitUsersQuery = (conn: string) =>
  useQuery({ queryKey: accessKeys.users(conn), queryFn: () => apiFetch<UserList>(rabbitApi(conn, 'rabbitmq', 'users')), refetchInterval: RABBITMQ_POLL_MS });

/** Read when the dialog opens, and not polled: the dialog shows what it read. */
export const useUserDeletePreviewQuery = (conn: string, name: string) =>
  useQuery({ queryKey: accessKeys.userPreview(conn, name), queryFn: () => apiFetch<UserDeletePreview>(rabbitApi(conn, 'rabbitmq', 'users', name, 'delete-preview')), staleTime: 0 });

export const useVhostAdminQuery = (conn: string) =>
  useQuery({ queryKey: accessKeys.vhosts(conn), queryFn: () => apiFetch<VhostAdminList>(rabbitApi(conn, 'rabbitmq', 'vhosts')), refetchInterval: RABBITMQ_POLL_MS });

export const useVhostDeletePreviewQuery = (conn: string, vhost: string) =>
  useQuery({ queryKey: accessKeys.vhostPreview(conn, vhost), queryFn: () => apiFetch<VhostDeletePreview>(rabbitApi(conn, 'rabbitmq', 'vhosts', vhost, 'delete-preview')), staleTime: 0 });

/** Every change invalidates the connection's whole RabbitMQ cache: vhost pickers, queue lists and counts move with it. */
function useAccessMutation<V>(conn: string, fn: (v: V) => Promise<Ok>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries({ queryKey: rabbitKeys.all(conn) }) });
}

export const useCreateUserMutation = (conn: string) => useAccessMutation(conn, (b: CreateUserBody) => apiFetch<Ok>(rabbitApi(conn, 'rabbitmq', 'users'), send('POST', b)));
export const useUpdateUserMutation = (conn: string) =>
  useAccessMutation(conn, ({ name, ...b }: UpdateUserBody & { name: string }) => apiFetch<Ok>(rabbitApi(conn, 'rabbitmq', 'users', name), send('PUT', b)));
export const useDeleteUserMutation = (conn: string) => useAccessMutation(conn, (name: string) => apiFetch<Ok>(`${rabbitApi(conn, 'rabbitmq', 'users', name)}${confirm(name)}`, send('DELETE')));

type UserVhost = { name: string; vhost: string };
export const useSetPermissionMutation = (conn: string) =>
  useAccessMutation(conn, ({ name, vhost, ...b }: PermissionBody & UserVhost) => apiFetch<Ok>(rabbitApi(conn, 'rabbitmq', 'users', name, 'permissions', vhost), send('PUT', b)));
export const useClearPermissionMutation = (conn: string) =>
  useAccessMutation(conn, ({ name, vhost }: UserVhost) => apiFetch<Ok>(`${rabbitApi(conn, 'rabbitmq', 'users', name, 'permissions', vhost)}${confirm(name)}`, send('DELETE')));
export const useSetTopicPermissionMutation = (conn: string) =>
  useAccessMutation(conn, ({ name, vhost, ...b }: TopicPermissionBody & UserVhost) => apiFetch<Ok>(rabbitApi(conn, 'rabbitmq', 'users', name, 'topic-permissions', vhost), send('PUT', b)));
export const useClearTopicPermissionsMutation = (conn: string) =>
  useAccessMutation(conn, ({ name, vhost }: UserVhost) => apiFetch<Ok>(`${rabbitApi(conn, 'rabbitmq', 'users', name, 'topic-permissions', vhost)}${confirm(name)}`, send('DELETE')));

export const useCreateVhostMutation = (conn: string) => useAccessMutation(conn, (b: CreateVhostBody) => apiFetch<Ok>(rabbitApi(conn, 'rabbitmq', 'vhosts'), send('POST', b)));
export const useUpdateVhostMutation = (conn: string) =>
  useAccessMutation(conn, ({ vhost, ...b }: UpdateVhostBody & { vhost: string }) => apiFetch<Ok>(rabbitApi(conn, 'rabbitmq', 'vhosts', vhost), send('PUT', b)));
export const useDeleteVhostMutation = (conn: string) => useAccessMutation(conn, (vhost: string) => apiFetch<Ok>(`${rabbitApi(conn, 'rabbitmq', 'vhosts', vhost)}${confirm(vhost)}`, send('DELETE')));

type LimitTarget = { vhost: string; name: VhostLimitName };
export const useSetVhostLimitMutation = (conn: string) =>
  useAccessMutation(conn, ({ vhost, name, limit }: LimitTarget & { limit: number }) => apiFetch<Ok>(rabbitApi(conn, 'rabbitmq', 'vhosts', vhost, 'limits', name), send('PUT', { limit })));
export const useClearVhostLimitMutation = (conn: string) =>
  useAccessMutation(conn, ({ vhost, name }: LimitTarget) => apiFetch<Ok>(rabbitApi(conn, 'rabbitmq', 'vhosts', vhost, 'limits', name), send('DELETE')));
