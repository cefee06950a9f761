'use client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InspectBody, InspectResponse, MovePreview, RedriveProposal, RedriveProposalBody } from '@/lib/contracts/rabbitmq-messages';
import { apiFetch } from './api-fetch';
import { rabbitApi, rabbitKeys } from './rabbitmq-keys';

export function useInspectMutation(conn: string, vhost: string, name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (b: InspectBody) => apiFetch<InspectResponse>(rabbitApi(conn, 'queues', vhost, name, 'messages'), { method: 'POST', body: JSON.stringify(b) }),
    onSettled: () => client.invalidateQueries({ queryKey: rabbitKeys.queue(conn, vhost, name) }),
  });
}

/** The 409 a read answers when it could use up deliveries and was not confirmed (lib/contracts: confirmDeliveryLimit). */
export const DELIVERY_LIMIT_CODE = 'DELIVERY_LIMIT';

/**
 * The redrive proposal reads the head message and puts it back: a mutation, run when the user asks for it, never a
 * GET (a GET must not change a queue). It changes the queue's read cost (the head's delivery count), so the
 * queue's details are fetched again.
 */
export function useRedriveProposalMutation(conn: string, vhost: string, name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (b: RedriveProposalBody) => apiFetch<RedriveProposal>(rabbitApi(conn, 'queues', vhost, name, 'move', 'proposal'), { method: 'POST', body: JSON.stringify(b) }),
    onSettled: () => client.invalidateQueries({ queryKey: rabbitKeys.queue(conn, vhost, name) }),
  });
}

export type MovePreviewQuery = { toQueue?: string; toExchange?: string; routingKey?: string; keepRoutingKey?: boolean; limit?: number; filter?: string };

/** What a move would do, from the management API (no message is read); fetched for the form's current destination. */
export function useMovePreviewQuery(conn: string, vhost: string, name: string, q: MovePreviewQuery | null) {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(q ?? {})) if (v !== undefined && v !== '') search.set(k, String(v));
  return useQuery({
    queryKey: [...rabbitKeys.queue(conn, vhost, name), 'move-preview', search.toString()],
    queryFn: () => apiFetch<MovePreview>(`${rabbitApi(conn, 'queues', vhost, name, 'move', 'preview')}?${search.toString()}`),
    enabled: q !== null,
    placeholderData: keepPreviousData,
  });
}
