'use client';
import { formatMessageRateAxis, formatMessages, formatMessagesAxis } from '@/components/charts/chart-units';
import { EntityChart } from '@/components/charts/entity-chart';
import { emptyChartText, liveEntityStatus } from '@/components/charts/live-entity-status';
import { LiveStatusNote } from '@/components/charts/live-status-note';
import { RangePicker } from '@/components/charts/range-picker';
import { useRangeParam } from '@/components/charts/use-range-param';
import { formatRate } from '@/lib/format';
import { useLiveTick, useMetricsStream } from '@/lib/query/metrics';
import { cardClass } from './styles';

const QUEUED = [
  { metric: 'ready', key: 'ready', label: 'Ready', color: '#2563eb' },
  { metric: 'unacked', key: 'unacked', label: 'Unacked', color: '#ea580c' },
];
const RATES = [
  { metric: 'publishRate', key: 'publish', label: 'Into queues', color: '#16a34a' },
  { metric: 'deliverRate', key: 'deliver', label: 'Deliver/get', color: '#2563eb' },
  { metric: 'ackRate', key: 'ack', label: 'Ack', color: '#9333ea' },
];
const QUEUED_METRICS = QUEUED.map((s) => s.metric);
const RATE_METRICS = RATES.map((s) => s.metric);
const LIVE = { kind: 'connection', entity: '*' } as const;
const fmtRate = (v: number) => formatRate(v);

/** Whole-broker figures over time: the sampler's connection-level sums over every queue it reads. */
export function RabbitOverviewCharts({ conn }: { conn: string }) {
  const connected = useMetricsStream(conn, LIVE);
  const status = liveEntityStatus(useLiveTick(conn, LIVE), LIVE.kind, LIVE.entity, [...QUEUED_METRICS, ...RATE_METRICS]);
  const [range, setRange] = useRangeParam();
  return (
    <section className={`${cardClass} space-y-3`} aria-label="History">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h2 className="text-sm font-semibold">History</h2>
          <LiveStatusNote connected={connected} status={status} detail="summed over all queues; a message routed to three queues counts three times" />
        </div>
        <RangePicker value={range} onChange={setRange} />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <EntityChart
          connectionId={conn}
          kind="connection"
          entity="*"
          range={range}
          title="Queued messages"
          series={QUEUED}
          format={formatMessages}
          axisFormat={formatMessagesAxis}
          emptyText={emptyChartText(status, QUEUED_METRICS, 'this broker')}
          testId="rabbit-queued-chart"
        />
        <EntityChart
          connectionId={conn}
          kind="connection"
          entity="*"
          range={range}
          title="Queue message rates"
          series={RATES}
          format={fmtRate}
          axisFormat={formatMessageRateAxis}
          allowDecimals
          emptyText={emptyChartText(status, RATE_METRICS, 'this broker')}
          testId="rabbit-rates-chart"
        />
      </div>
    </section>
  );
}
