'use client';
import { skipToken, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { liveTickSchema, RANGE_MS, type EntityKind, type LiveTick, type MetricsHistory, type MetricsRange } from '@/lib/contracts/metrics';
import { apiFetch } from './api-fetch';
import { groupKeys } from './groups';

export const metricsKeys = {
  all: (conn: string) => ['connections', conn, 'metrics'] as const,
  history: (conn: string, kind: EntityKind, entity: string, range: MetricsRange, prefix?: string) =>
    [...metricsKeys.all(conn), 'history', kind, entity, range, prefix ?? ''] as const,
  /** The latest tick a stream with this filter received (written by useMetricsStream, never fetched). */
  live: (conn: string, kind?: EntityKind, entity?: string) => [...metricsKeys.all(conn), 'live', kind ?? '', entity ?? ''] as const,
};

/** Ranges whose chart takes live points; longer ones are bucketed by the server and refreshed by refetch. */
const LIVE_RANGES: MetricsRange[] = ['5m', '1h'];
/** Long ranges refetch now and then; the live stream keeps the short ones current without polling. */
export const LONG_RANGE_REFRESH_MS = 60_000;
/** Charts on a page without a live stream (the connections overview, one card per connection) poll instead. */
export const UNSTREAMED_CHART_REFRESH_MS = 15_000;

export function useMetricsHistoryQuery(conn: string, kind: EntityKind, entity: string, range: MetricsRange, prefix?: string, options?: { refetchIntervalMs?: number; enabled?: boolean }) {
  const params = new URLSearchParams({ kind, entity, range, ...(prefix ? { prefix } : {}) });
  const live = LIVE_RANGES.includes(range);
  return useQuery({
    queryKey: metricsKeys.history(conn, kind, entity, range, prefix),
    queryFn: () => apiFetch<MetricsHistory>(`/api/connections/${encodeURIComponent(conn)}/metrics?${params}`),
    refetchInterval: options?.refetchIntervalMs ?? (live ? false : LONG_RANGE_REFRESH_MS),
    staleTime: options?.refetchIntervalMs ?? (live ? Infinity : 30_000),
    enabled: options?.enabled ?? true,
  });
}

/**
 * The last tick received by the page's useMetricsStream with the same filter: tells a chart whether the sampler
 * is failing, has not seen the entity, or sees it with unknown figures. Undefined until the first tick.
 */
export function useLiveTick(conn: string, filter?: { kind: EntityKind; entity: string }) {
  return useQuery<LiveTick>({ queryKey: metricsKeys.live(conn, filter?.kind, filter?.entity), queryFn: skipToken, staleTime: Infinity }).data;
}

/** Appends one tick to every cached short-range history of the same connection and entity. */
export function applyTick(client: QueryClient, conn: string, tick: LiveTick): void {
  const byEntity = new Map(tick.entities.map((e) => [`${e.kind}\u0000${e.id}`, e.metrics]));
  for (const [key, data] of client.getQueriesData<MetricsHistory>({ queryKey: [...metricsKeys.all(conn), 'history'] })) {
    if (!data || !LIVE_RANGES.includes(data.range)) continue;
    const metrics = byEntity.get(`${data.kind}\u0000${data.entity}`);
    if (!metrics) continue;
    const prefix = String(key[key.length - 1] ?? '');
    const from = tick.ts - RANGE_MS[data.range];
    const series = data.series.map((s) => ({ ...s, points: s.points.filter((p) => p.ts >= from && p.ts < tick.ts) }));
    for (const [metric, value] of Object.entries(metrics)) {
      if (value === null || (prefix && !metric.startsWith(prefix))) continue;
      let s = series.find((x) => x.metric === metric);
      if (!s) series.push((s = { metric, points: [] }));
      s.points.push({ ts: tick.ts, value });
    }
    client.setQueryData<MetricsHistory>(key, { ...data, from, to: tick.ts, series });
  }
}

/**
 * Subscribes to the connection's live ticks (optionally for one entity) and feeds them into the query cache,
 * so charts move without polling. Returns whether the stream is connected.
 */
export function useMetricsStream(conn: string, filter?: { kind: EntityKind; entity: string }): boolean {
  const client = useQueryClient();
  const [connected, setConnected] = useState(false);
  const kind = filter?.kind;
  const entity = filter?.entity;
  useEffect(() => {
    const params = kind && entity ? `?${new URLSearchParams({ kind, entity })}` : '';
    const source = new EventSource(`/api/connections/${encodeURIComponent(conn)}/metrics/stream${params}`);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener('tick', (event) => {
      const parsed = liveTickSchema.safeParse(JSON.parse((event as MessageEvent<string>).data));
      if (!parsed.success) return;
      applyTick(client, conn, parsed.data);
      client.setQueryData(metricsKeys.live(conn, kind, entity), parsed.data);
      // Group figures are served from the same sampler: refetching them costs the broker nothing. Live offsets
      // (a broker read) are left alone.
      const list = groupKeys.list(conn);
      void client.invalidateQueries({
        queryKey: groupKeys.all(conn),
        refetchType: 'active',
        predicate: (q) => q.queryKey[list.length - 1] === 'list' || q.queryKey[list.length - 1] === 'detail',
      });
    });
    return () => {
      source.close();
      setConnected(false);
    };
  }, [client, conn, kind, entity]);
  return connected;
}
