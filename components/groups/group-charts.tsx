'use client';
import { useMemo } from 'react';
import { EntityChart } from '@/components/charts/entity-chart';
import { TimeSeriesChart } from '@/components/charts/time-series-chart';
import { toPartitionLagSeries } from '@/components/charts/to-time-series';
import { RANGE_MS, type MetricsRange } from '@/lib/contracts/metrics';
import { formatCount, formatRate } from '@/lib/format';
import { useMetricsHistoryQuery } from '@/lib/query/metrics';

const LAG = [{ metric: 'lag', key: 'lag', label: 'Total lag', color: '#dc2626' }];
const RATE = [{ metric: 'consumeRate', key: 'consumeRate', label: 'Consumed', color: '#2563eb' }];
const fmtCount = (v: number) => formatCount(Math.round(v));
const fmtRate = (v: number) => formatRate(v);

export function GroupCharts({ connectionId, groupId, range }: { connectionId: string; groupId: string; range: MetricsRange }) {
  const partitions = useMetricsHistoryQuery(connectionId, 'group', groupId, range, 'lag:');
  const perPartition = useMemo(() => toPartitionLagSeries(partitions.data?.series ?? []), [partitions.data]);
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <EntityChart connectionId={connectionId} kind="group" entity={groupId} range={range} title="Total lag" series={LAG} format={fmtCount} testId="lag-chart" />
      <EntityChart connectionId={connectionId} kind="group" entity={groupId} range={range} title="Consume rate" series={RATE} format={fmtRate} testId="consume-rate-chart" />
      <div className="lg:col-span-2">
        <TimeSeriesChart
          title={`Lag per partition${perPartition.hidden ? ` (top ${perPartition.defs.length}; ${perPartition.hidden} more hidden)` : ''}`}
          rows={perPartition.rows}
          series={perPartition.defs}
          format={fmtCount}
          spanMs={RANGE_MS[range]}
          loading={partitions.isLoading}
          emptyText="No partition with a commit in this range"
          testId="partition-lag-chart"
        />
      </div>
    </div>
  );
}
