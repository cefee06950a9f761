'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AlterBrokerConfigsInput, BrokerConfigs } from '@/lib/contracts/broker-configs';
import { apiFetch } from './api-fetch';

/** Read live from the broker on each request; configs change rarely, and every change here refreshes them. */
export const BROKER_CONFIGS_POLL_MS = 30_000;

export type BrokerScope = number | 'cluster';

export const brokerConfigKeys = {
  all: (conn: string) => ['connections', conn, 'broker-configs'] as const,
  detail: (conn: string, broker: BrokerScope) => [...brokerConfigKeys.all(conn), String(broker)] as const,
};

const path = (conn: string, broker: BrokerScope) => `/api/connections/${encodeURIComponent(conn)}/brokers/${broker}/configs`;

export function useBrokerConfigsQuery(conn: string, broker: BrokerScope) {
  return useQuery({ queryKey: brokerConfigKeys.detail(conn, broker), queryFn: () => apiFetch<BrokerConfigs>(path(conn, broker)), refetchInterval: BROKER_CONFIGS_POLL_MS });
}

/** A cluster-wide change shows on every broker's page too: all of the connection's broker configs are refreshed. */
export function useAlterBrokerConfigsMutation(conn: string, broker: BrokerScope) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: AlterBrokerConfigsInput) => apiFetch<BrokerConfigs>(path(conn, broker), { method: 'PATCH', body: JSON.stringify(input) }),
    onSuccess: (data) => {
      qc.setQueryData(brokerConfigKeys.detail(conn, broker), data);
      return qc.invalidateQueries({ queryKey: brokerConfigKeys.all(conn) });
    },
  });
}
