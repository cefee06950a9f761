'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Job, JobParams, JobProgress } from '@/lib/contracts/jobs';
import { apiFetch } from './api-fetch';
import { readSse } from './read-sse';

/** The jobs list refreshes this often while a job runs (the job page streams instead). */
export const JOBS_POLL_MS = 2000;

export const jobKeys = {
  all: ['jobs'] as const,
  list: () => [...jobKeys.all, 'list'] as const,
  detail: (id: string) => [...jobKeys.all, 'detail', id] as const,
};

export function useJobsQuery() {
  return useQuery({
    queryKey: jobKeys.list(),
    queryFn: () => apiFetch<{ jobs: Job[] }>('/api/jobs'),
    refetchInterval: (q) => (q.state.data?.jobs.some((j) => j.status === 'running') ? JOBS_POLL_MS : false),
  });
}

/** null: no job yet (a form that has not started one); nothing is fetched. */
export function useJobQuery(id: string | null) {
  return useQuery({ queryKey: jobKeys.detail(id ?? ''), queryFn: () => apiFetch<Job>(`/api/jobs/${encodeURIComponent(id ?? '')}`), enabled: id !== null });
}

/** Streams a running job's progress into the query cache until it is done. */
export function useJobStream(id: string, running: boolean) {
  const qc = useQueryClient();
  useEffect(() => {
    if (!running) return;
    const abort = new AbortController();
    void (async () => {
      try {
        const res = await fetch(`/api/jobs/${encodeURIComponent(id)}/stream`, { signal: abort.signal });
        for await (const e of readSse(res, abort.signal)) {
          if (e.event === 'progress') {
            const progress = JSON.parse(e.data) as JobProgress;
            qc.setQueryData<Job>(jobKeys.detail(id), (job) => (job ? { ...job, progress } : job));
          } else if (e.event === 'done' || e.event === 'job') {
            qc.setQueryData<Job>(jobKeys.detail(id), JSON.parse(e.data) as Job);
          }
        }
      } catch {
        // The stream ends when the job ends or the page goes away; the query still holds the last state.
      }
      void qc.invalidateQueries({ queryKey: jobKeys.all });
    })();
    return () => abort.abort();
  }, [id, running, qc]);
}

export function useStartJobMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { params: JobParams; dryRun: boolean }) => apiFetch<Job>('/api/jobs', { method: 'POST', body: JSON.stringify(body) }),
    onSuccess: () => qc.invalidateQueries({ queryKey: jobKeys.all }),
  });
}

export function useCancelJobMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<Job>(`/api/jobs/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: jobKeys.all }),
  });
}

export function useResumeJobMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<Job>(`/api/jobs/${encodeURIComponent(id)}/resume`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: jobKeys.all }),
  });
}
