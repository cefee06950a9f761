'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { apiErrorSchema } from '@/lib/contracts/error';
import type { InspectBody, InspectResponse, MoveBody, MoveCounts, MoveResult, RedriveProposal, RedriveProposalBody } from '@/lib/contracts/rabbitmq-messages';
import { apiFetch, csrfHeaders } from './api-fetch';
import { rabbitApi, rabbitKeys } from './rabbitmq-keys';
import { readSse } from './read-sse';

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

export type MoveState = { running: boolean; progress: MoveCounts | null; result: MoveResult | null; error: string | null };

/** Runs a move over server-sent events; cancel() aborts the request, which stops the move after its current batch. */
export function useMoveMessages(conn: string, vhost: string, name: string) {
  const client = useQueryClient();
  const [state, setState] = useState<MoveState>({ running: false, progress: null, result: null, error: null });
  const abort = useRef<AbortController | null>(null);
  const start = useCallback(
    async (body: MoveBody) => {
      abort.current?.abort();
      const ac = new AbortController();
      abort.current = ac;
      setState({ running: true, progress: null, result: null, error: null });
      try {
        const res = await fetch(rabbitApi(conn, 'queues', vhost, name, 'move'), {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...csrfHeaders('POST') },
          body: JSON.stringify(body),
          signal: ac.signal,
        });
        if (!res.ok) {
          const parsed = apiErrorSchema.safeParse(await res.json().catch(() => null));
          throw new Error(parsed.success ? parsed.data.error.message : `Request failed with ${res.status}`);
        }
        for await (const ev of readSse(res, ac.signal)) {
          const data: unknown = JSON.parse(ev.data);
          if (ev.event === 'progress') setState((s) => ({ ...s, progress: data as MoveCounts }));
          else if (ev.event === 'result') setState((s) => ({ ...s, result: data as MoveResult, progress: data as MoveCounts }));
          else if (ev.event === 'error') setState((s) => ({ ...s, error: (data as { message: string }).message }));
        }
      } catch (e) {
        if (!ac.signal.aborted) setState((s) => ({ ...s, error: e instanceof Error ? e.message : String(e) }));
        else setState((s) => ({ ...s, error: 'Cancelled: batches already committed stay moved; the rest is in the source.' }));
      } finally {
        setState((s) => ({ ...s, running: false }));
        void client.invalidateQueries({ queryKey: rabbitKeys.all(conn) });
      }
    },
    [conn, vhost, name, client],
  );
  const cancel = useCallback(() => abort.current?.abort(), []);
  return { ...state, start, cancel };
}
