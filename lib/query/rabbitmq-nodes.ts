'use client';
import { useQuery } from '@tanstack/react-query';
import type { NodesReport } from '@/lib/contracts/rabbitmq-nodes';
import { apiFetch } from './api-fetch';
import { RABBITMQ_POLL_MS, rabbitApi, rabbitKeys } from './rabbitmq-keys';

export function useNodesReportQuery(conn: string) {
  return useQuery({ queryKey: rabbitKeys.nodes(conn), queryFn: () => apiFetch<NodesReport>(rabbitApi(conn, 'rabbitmq', 'nodes')), refetchInterval: RABBITMQ_POLL_MS });
}
