import type { ScanDone, ScanProgress } from '@/lib/contracts/kafka-messages';
import { formatCount, formatRate } from '@/lib/format';

const reasons: Record<ScanDone['reason'], string> = {
  end: 'reached the end',
  'max-scanned': 'stopped at the scan limit',
  'max-matches': 'stopped at the match limit',
  'time-limit': 'stopped at the time limit',
  cancelled: 'stopped',
};

export function ScanStatus({ progress, done, running, tail }: { progress: ScanProgress | null; done: ScanDone | null; running: boolean; tail: boolean }) {
  if (!progress) return running ? <p className="text-sm text-slate-500">Starting…</p> : null;
  const rate = progress.elapsedMs > 0 ? (progress.scanned * 1000) / progress.elapsedMs : null;
  return (
    <div data-testid="scan-status" className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
      <span>
        scanned <strong data-testid="scan-scanned">{formatCount(progress.scanned)}</strong>
      </span>
      <span>
        matched <strong data-testid="scan-matched">{formatCount(progress.matched)}</strong>
      </span>
      {!tail && <span>{formatRate(rate)}</span>}
      <span>{(progress.elapsedMs / 1000).toFixed(1)} s</span>
      {running && <span className="text-sky-600">{tail ? 'live' : 'scanning…'}</span>}
      {done && <span data-testid="scan-done">{reasons[done.reason]}</span>}
      <span className="font-mono">
        {progress.positions
          .map((p) => `p${p.partition}: ${p.next}${p.end !== null ? `/${p.end}` : ''}`)
          .join('  ')}
      </span>
    </div>
  );
}
