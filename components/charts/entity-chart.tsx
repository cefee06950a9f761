'use client';
import { useMemo } from 'react';
import { RANGE_MS, type EntityKind, type MetricsRange } from '@/lib/contracts/metrics';
import { useMetricsHistoryQuery } from '@/lib/query/metrics';
import { ErrorNotice } from '@/components/ui/error-notice';
import { TimeSeriesChart, type TimeSeriesChartProps } from './time-series-chart';
import { toTimeSeries, type SeriesDef } from './to-time-series';

export type EntityChartProps = {
  connectionId: string;
  kind: EntityKind;
  /** Group id, topic name, queueEntityId(vhost, name), or "*" for the whole connection. */
  entity: string;
  range: MetricsRange;
  title: string;
  /** Each series names the stored metric it draws (lag, consumeRate, produceRate, ready, unacked, publishRate...). */
  series: ReadonlyArray<SeriesDef & { metric: string }>;
  format: (value: number) => string;
  /** For pages without useMetricsStream: poll the history instead of waiting for live ticks. */
  refetchIntervalMs?: number;
  testId?: string;
} & Pick<TimeSeriesChartProps, 'axisFormat' | 'allowDecimals' | 'emptyText' | 'height'>;

/**
 * History of one entity from the store, kept live by useMetricsStream (call it once on the page).
 * Drop-in for topic, queue and overview pages.
 */
export function EntityChart({ connectionId, kind, entity, range, title, series, format, refetchIntervalMs, testId, ...chart }: EntityChartProps) {
  const { data, error, isLoading } = useMetricsHistoryQuery(connectionId, kind, entity, range, undefined, { refetchIntervalMs });
  const metrics = useMemo(() => Object.fromEntries(series.map((s) => [s.metric, s.key])), [series]);
  const rows = useMemo(() => toTimeSeries(data?.series ?? [], metrics), [data, metrics]);
  if (error) return <ErrorNotice error={error} title={`Could not load ${title.toLowerCase()}`} />;
  return <TimeSeriesChart title={title} rows={rows} series={series} format={format} spanMs={RANGE_MS[range]} loading={isLoading} testId={testId} {...chart} />;
}
