'use client';
import { useQuery } from '@tanstack/react-query';
import type { TopicProducers, TransactionList } from '@/lib/contracts/transactions';
import { apiFetch } from './api-fetch';
import { retryUnlessFinal } from './share-groups';

/** Read live from every broker on each request (ListTransactions fans out to all of them). */
export const TRANSACTIONS_POLL_MS = 5_000;

export const transactionKeys = {
  all: (conn: string) => ['connections', conn, 'transactions'] as const,
  list: (conn: string) => [...transactionKeys.all(conn), 'list'] as const,
  producers: (conn: string, topic: string) => [...transactionKeys.all(conn), 'producers', topic] as const,
};

const conn$ = (conn: string) => `/api/connections/${encodeURIComponent(conn)}`;

export function useTransactionsQuery(conn: string) {
  return useQuery({ queryKey: transactionKeys.list(conn), queryFn: () => apiFetch<TransactionList>(`${conn$(conn)}/transactions`), refetchInterval: TRANSACTIONS_POLL_MS, retry: retryUnlessFinal });
}

export function useTopicProducersQuery(conn: string, topic: string | null) {
  return useQuery({
    queryKey: transactionKeys.producers(conn, topic ?? ''),
    queryFn: () => apiFetch<TopicProducers>(`${conn$(conn)}/topics/${encodeURIComponent(topic ?? '')}/producers`),
    enabled: !!topic,
    refetchInterval: TRANSACTIONS_POLL_MS,
    retry: retryUnlessFinal,
  });
}
