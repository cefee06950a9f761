import type { LiveEntityStatus } from './live-entity-status';

/** One line under a chart section's heading: whether the figures are live, and why not. */
export function LiveStatusNote({ connected, status, detail }: { connected: boolean; status: LiveEntityStatus; detail?: string }) {
  if (status.state === 'sampler-error') {
    return (
      <p role="status" data-testid="sampler-status" data-state="error" className="text-xs text-amber-700 dark:text-amber-400">
        Sampling failed: {status.error}. The charts resume when the broker answers.
      </p>
    );
  }
  return (
    <p data-testid="sampler-status" data-state={connected ? 'live' : 'connecting'} className="text-xs text-slate-500 dark:text-slate-400">
      {connected ? 'live' : 'connecting…'}
      {detail ? ` · ${detail}` : ''}
    </p>
  );
}
