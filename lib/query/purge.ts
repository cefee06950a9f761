'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PurgeRequest, PurgeResult } from '@/lib/contracts/purge';
import { apiFetch } from './api-fetch';
import { topicKeys } from './kafka-topics';

export function usePurgeTopicMutation(connection: string, topic: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PurgeRequest) =>
      apiFetch<PurgeResult>(`/api/connections/${encodeURIComponent(connection)}/topics/${encodeURIComponent(topic)}/purge`, { method: 'POST', body: JSON.stringify(body) }),
    onSuccess: (res) => {
      if (res.applied) void qc.invalidateQueries({ queryKey: topicKeys.all(connection) });
    },
  });
}
