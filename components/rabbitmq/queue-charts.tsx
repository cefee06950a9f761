'use client';
import { formatMessageRateAxis, formatMessages, formatMessagesAxis } from '@/components/charts/chart-units';
import { EntityChart } from '@/components/charts/entity-chart';
import { emptyChartText, liveEntityStatus } from '@/components/charts/live-entity-status';
import { LiveStatusNote } from '@/components/charts/live-status-note';
import { RangePicker } from '@/components/charts/range-picker';
import { useRangeParam } from '@/components/charts/use-range-param';
import { queueEntityId } from '@/lib/contracts/metrics';
import { formatRate } from '@/lib/format';
import { useLiveTick, useMetricsStream } from '@/lib/query/metrics';
import { cardClass } from './styles';

const DEPTH = [
  { metric: 'ready', key: 'ready', label: 'Ready', color: '#2563eb' },
  { metric: 'unacked', key: 'unacked', label: 'Unacked', color: '#ea580c' },
];
const RATES = [
  { metric: 'publishRate', key: 'publish', label: 'Publish', color: '#16a34a' },
  { metric: 'deliverRate', key: 'deliver', label: 'Deliver/get', color: '#2563eb' },
  { metric: 'ackRate', key: 'ack', label: 'Ack', color: '#9333ea' },
];
const DEPTH_METRICS = DEPTH.map((s) => s.metric);
const RATE_METRICS = RATES.map((s) => s.metric);
const fmtRate = (v: number) => formatRate(v);

/** Queue depth and rates over time, from the connection's shared sampler (not an extra broker read per viewer). */
export function QueueCharts({ conn, vhost, name }: { conn: string; vhost: string; name: string }) {
  const entity = queueEntityId(vhost, name);
  const connected = useMetricsStream(conn, { kind: 'queue', entity });
  const tick = useLiveTick(conn, { kind: 'queue', entity });
  const status = liveEntityStatus(tick, 'queue', entity, [...DEPTH_METRICS, ...RATE_METRICS]);
  const [range, setRange] = useRangeParam();
  return (
    <section className={`${cardClass} space-y-3`} aria-label="History">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h2 className="text-sm font-semibold">History</h2>
          <LiveStatusNote connected={connected} status={status} />
        </div>
        <RangePicker value={range} onChange={setRange} />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <EntityChart
          connectionId={conn}
          kind="queue"
          entity={entity}
          range={range}
          title="Messages"
          series={DEPTH}
          format={formatMessages}
          axisFormat={formatMessagesAxis}
          emptyText={emptyChartText(status, DEPTH_METRICS, 'this queue')}
          testId="queue-depth-chart"
        />
        <EntityChart
          connectionId={conn}
          kind="queue"
          entity={entity}
          range={range}
          title="Message rates"
          series={RATES}
          format={fmtRate}
          axisFormat={formatMessageRateAxis}
          allowDecimals
          emptyText={emptyChartText(status, RATE_METRICS, 'this queue')}
          testId="queue-rates-chart"
        />
      </div>
    </section>
  );
}
