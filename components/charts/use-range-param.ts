'use client';
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';
import { metricsRangeSchema, type MetricsRange } from '@/lib/contracts/metrics';

/** The chart range lives in `?range=` (default 5m), so a view can be shared; other query parameters are kept. */
export function useRangeParam(): [MetricsRange, (r: MetricsRange) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const range = metricsRangeSchema.catch('5m').parse(params.get('range') ?? '5m');
  const setRange = useCallback(
    (r: MetricsRange) => {
      const next = new URLSearchParams(params.toString());
      next.set('range', r);
      // replaceState updates useSearchParams without a navigation, so the page does not refetch everything.
      window.history.replaceState(null, '', `${pathname}?${next}`);
    },
    [params, pathname],
  );
  return [range, setRange];
}
