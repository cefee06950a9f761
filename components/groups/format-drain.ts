import type { DrainState } from '@/lib/contracts/groups';
import { formatDuration } from '@/lib/format';

export function formatDrain(drain: DrainState, ms: number | null): string {
  if (drain === 'drained') return 'drained';
  if (drain === 'not-draining') return 'not draining';
  if (drain === 'draining') return `≈ ${formatDuration(ms)}`;
  return 'unknown';
}
