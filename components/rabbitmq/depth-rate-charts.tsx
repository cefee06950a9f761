'use client';
import { formatMessageRateAxis, formatMessages, formatMessagesAxis } from '@/components/charts/chart-units';
import { EntityChart } from '@/components/charts/entity-chart';
import { emptyChartText, liveEntityStatus } from '@/components/charts/live-entity-status';
import { LiveStatusNote } from '@/components/charts/live-status-note';
import { RangePicker } from '@/components/charts/range-picker';
import { useRangeParam } from '@/components/charts/use-range-param';
import type { EntityKind } from '@/lib/contracts/metrics';
import { formatRate } from '@/lib/format';
import { useLiveTick, useMetricsStream } from '@/lib/query/metrics';
import { cardClass } from './styles';

const DEPTH = [
  { metric: 'ready', key: 'ready', label: 'Ready', color: '#2563eb' },
  { metric: 'unacked', key: 'unacked', label: 'Unacked', color: '#ea580c' },
];
const DEPTH_METRICS = DEPTH.map((s) => s.metric);
const RATE_METRICS = ['publishRate', 'deliverRate', 'ackRate'];
const fmtRate = (v: number) => formatRate(v);

type Props = {
  conn: string;
  kind: EntityKind;
  entity: string;
  /** What the charts are of, in the empty-chart texts: "this queue", "this broker". */
  subject: string;
  titles: { depth: string; rates: string };
  publishLabel: string;
  testIds: { depth: string; rates: string };
  /** A line under "History" saying how the figures are made, when it is not obvious. */
  detail?: string;
};

/**
 * Ready/unacked and publish/deliver/ack rates over time from the connection's shared sampler (no broker read per
 * viewer), with the range in the URL and the newest tick streamed in: the queue page and the RabbitMQ overview.
 */
export function DepthRateCharts({ conn, kind, entity, subject, titles, publishLabel, testIds, detail }: Props) {
  const live = { kind, entity };
  const connected = useMetricsStream(conn, live);
  const status = liveEntityStatus(useLiveTick(conn, live), kind, entity, [...DEPTH_METRICS, ...RATE_METRICS]);
  const [range, setRange] = useRangeParam();
  const rates = [
    { metric: 'publishRate', key: 'publish', label: publishLabel, color: '#16a34a' },
    { metric: 'deliverRate', key: 'deliver', label: 'Deliver/get', color: '#2563eb' },
    { metric: 'ackRate', key: 'ack', label: 'Ack', color: '#9333ea' },
  ];
  return (
    <section className={`${cardClass} space-y-3`} aria-label="History">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h2 className="text-sm font-semibold">History</h2>
          <LiveStatusNote connected={connected} status={status} detail={detail} />
        </div>
        <RangePicker value={range} onChange={setRange} />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <EntityChart
          connectionId={conn}
          kind={kind}
          entity={entity}
          range={range}
          title={titles.depth}
          series={DEPTH}
          format={formatMessages}
          axisFormat={formatMessagesAxis}
          emptyText={emptyChartText(status, DEPTH_METRICS, subject)}
          testId={testIds.depth}
        />
        <EntityChart
          connectionId={conn}
          kind={kind}
          entity={entity}
          range={range}
          title={titles.rates}
          series={rates}
          format={fmtRate}
          axisFormat={formatMessageRateAxis}
          allowDecimals
          emptyText={emptyChartText(status, RATE_METRICS, subject)}
          testId={testIds.rates}
        />
      </div>
    </section>
  );
}
